import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    env: {FORCE_COLOR: '0', NO_COLOR: '1'},
    hookTimeout: 30_000,
    include: ['test/**/*.test.ts'],
    // Integration tests start real servers on 127.x addresses and spawn the built CLI: two cores.
    maxWorkers: 2,
    testTimeout: 30_000,
  },
})
