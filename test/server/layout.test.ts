/**
 * The server's import graph has no circle, between modules or between its folders (state, replica,
 * routes, admission, cluster, http, transport, cli), so each folder reads, and is tested, standing on
 * the ones below it. Type-only and dynamic imports count: a circle of types is still a circle to read.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../server/src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every server module, by path relative to server/src, with the server modules it imports. */
function importGraph(): Map<string, string[]> {
  const files = sourceFiles(ROOT);
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = importedFiles
      .map(({ fileName }) => fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => resolve(dirname(file), name))
      .flatMap((path) => [`${path}.ts`, join(path, 'index.ts')].filter((candidate) => known.has(candidate)))
      .map((path) => relative(ROOT, path));
    graph.set(relative(ROOT, file), [...new Set(targets)]);
  }
  return graph;
}

/** The first circle found, as the path that closes it; null when there is none. */
function findCircle(graph: Map<string, string[]>): string[] | null {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    const open = path.indexOf(node);
    if (open >= 0) return [...path.slice(open), node];
    if (done.has(node)) return null;
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const circle = visit(next);
      if (circle) return circle;
    }
    path.pop();
    done.add(node);
    return null;
  };
  for (const node of graph.keys()) {
    const circle = visit(node);
    if (circle) return circle;
  }
  return null;
}

/** A module's folder under server/src; a top-level module (an entry, the factory) stands alone. */
function folderOf(module: string): string {
  const [first, ...rest] = module.split(sep);
  return rest.length > 0 && first !== undefined ? `${first}/` : module;
}

describe('server layout', () => {
  const graph = importGraph();

  it('finds the modules and their imports', () => {
    // Guards the test itself: a parser that saw no imports would find no circle either.
    expect(graph.get('compose.ts')).toEqual(expect.arrayContaining([join('routes', 'room.ts')]));
    expect(graph.size).toBeGreaterThan(30);
  });

  it('has no import circle between modules', () => {
    expect(findCircle(graph)).toBeNull();
  });

  it('has no import circle between folders', () => {
    const folders = new Map<string, string[]>();
    for (const [module, imports] of graph) {
      const from = folderOf(module);
      const to = imports.map(folderOf).filter((folder) => folder !== from);
      folders.set(from, [...new Set([...(folders.get(from) ?? []), ...to])]);
    }
    expect(findCircle(folders)).toBeNull();
  });
});
