/**
 * The house's arrows (docs/architecture.md): no two files of src/ import each other, directly or round a
 * circle, and nothing outside a family's folder, the registry and the simulators imports a family's code.
 * Read from the sources' own import lines (static and `import()`).
 */
import {readFileSync, readdirSync} from 'node:fs'
import {dirname, join, relative, resolve} from 'node:path'

import {describe, expect, it} from 'vitest'

import {projectRoot} from '../helpers/cli.js'

const SRC = join(projectRoot, 'src')
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s+'(\.[^']+)'|\bimport\(\s*'(\.[^']+)'\s*\)/g

function sources(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sources(path)
    return entry.name.endsWith('.ts') ? [path] : []
  })
}

/** file (relative to src/) → the src files it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>()
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8')
    const targets = [...text.matchAll(IMPORT)].map((match) => relative(SRC, resolve(dirname(file), (match[1] ?? match[2])!.replace(/\.js$/, '.ts'))))
    graph.set(relative(SRC, file), targets)
  }
  return graph
}

/** Every import circle, each as the files round it (depth-first search for back edges). */
function circles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = []
  const state = new Map<string, 'done' | 'open'>()
  const path: string[] = []
  const visit = (file: string) => {
    state.set(file, 'open')
    path.push(file)
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push(path.slice(path.indexOf(next)))
      else if (!state.has(next)) visit(next)
    }
    path.pop()
    state.set(file, 'done')
  }
  for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file)
  return found
}

describe('imports', () => {
  const graph = importGraph()

  it('reads the tree (a sanity check of the reader itself)', () => {
    expect(graph.get('lib/discovery/open.ts')).toEqual(expect.arrayContaining(['lib/discovery/identify.ts', 'lib/devices/registry.ts']))
  })

  it('form no circle', () => {
    expect(circles(graph)).toEqual([])
  })

  it("reach a family's folder only from that folder, the registry and the simulators", () => {
    const family = /^lib\/devices\/(?!common\/)[^/]+\//
    const leaks = [...graph].flatMap(([file, targets]) =>
      targets
        .filter((target) => family.test(target) && !file.startsWith(target.split('/').slice(0, 3).join('/')))
        .filter(() => !file.startsWith('sim/') && file !== 'lib/devices/registry.ts')
        .map((target) => `${file} -> ${target}`),
    )
    expect(leaks).toEqual([])
  })
})
