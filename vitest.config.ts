import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    // SOLOMINER_NET_ALLOW: the network guard refuses anything outside loopback (src/lib/net/guard.ts).
    env: {FORCE_COLOR: '0', NO_COLOR: '1', SOLOMINER_NET_ALLOW: '127.0.0.0/8'},
    // Bounds, not expectations: two cores shared with other test runs make a CLI test take many times its usual time.
    hookTimeout: 120_000,
    include: ['test/**/*.test.ts'],
    // Integration tests start real servers on 127.x addresses and spawn the built CLI: two cores.
    maxWorkers: 2,
    testTimeout: 120_000,
  },
})
