/**
 * The product's import graph, read from the sources: no circle between modules anywhere, and none
 * between the folders of a layer (server/src's state, routes, cluster…; electron/main's features;
 * renderer/src's stores, rtc, components…), so each folder reads, and is tested, standing on the ones
 * below it. Type-only and dynamic imports count (ESLint's import-x/no-cycle skips type imports, yet a
 * circle of types still ties two designs together, as `HandlerContext` once tied the server's context,
 * room handlers and router).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
/** Layers whose first-level folders must not import each other in a circle. */
const LAYERS = ['common', 'server/src', 'electron/main', 'electron/preload', 'renderer/src'];
const CANDIDATES = ['', '.ts', '.vue', '/index.ts'];

type Graph = Map<string, string[]>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|vue)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveImport(from: string, specifier: string): string | null {
  const base = resolve(dirname(from), specifier.replace(/\?.*$/, ''));
  for (const candidate of CANDIDATES.map((ext) => base + ext)) {
    if (statSync(candidate, { throwIfNoEntry: false })?.isFile()) return candidate;
  }
  return null;
}

/** Each file's relative imports (static, type-only, dynamic), resolved to files, by path from the root. */
function importGraph(files: string[]): { graph: Graph; unresolved: string[] } {
  const graph: Graph = new Map();
  const unresolved: string[] = [];
  for (const file of files) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = new Set<string>();
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      const target = resolveImport(file, fileName);
      if (target) targets.add(relative(root, target));
      else unresolved.push(`${relative(root, file)} → ${fileName}`);
    }
    graph.set(relative(root, file), [...targets]);
  }
  return { graph, unresolved };
}

/** The first circle found, as the path that closes it; null when there is none. */
function findCircle(graph: Graph): string[] | null {
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

/** A module's folder in its layer (`server/src/routes/`); a module at a layer's top stands alone. */
function folderOf(module: string): string {
  const layer = LAYERS.find((l) => module.startsWith(`${l}/`));
  if (!layer) return module;
  const [first, ...rest] = module.slice(layer.length + 1).split('/');
  return rest.length > 0 ? `${layer}/${first}/` : module;
}

function folderGraph(graph: Graph): Graph {
  const folders: Graph = new Map();
  for (const [module, imports] of graph) {
    const from = folderOf(module);
    const to = imports.map(folderOf).filter((folder) => folder !== from);
    folders.set(from, [...new Set([...(folders.get(from) ?? []), ...to])]);
  }
  return folders;
}

describe('the import graph', () => {
  const files = LAYERS.flatMap((layer) => sourceFiles(join(root, layer)));
  const { graph, unresolved } = importGraph(files);

  it('reads every relative import of the product code', () => {
    // Guards the test itself: a reader that saw no imports would find no circle either.
    expect(graph.get('server/src/compose.ts')).toEqual(expect.arrayContaining(['server/src/routes/room.ts']));
    expect(graph.get('renderer/src/views/RoomView.vue')?.length).toBeGreaterThan(3);
    expect(files.length).toBeGreaterThan(150);
    expect(unresolved).toEqual([]);
  });

  it('has no circle between modules, type-only imports included', () => {
    expect(findCircle(graph)).toBeNull();
  });

  it('has no circle between the folders of a layer', () => {
    expect(findCircle(folderGraph(graph))).toBeNull();
  });

  it('finds a circle when there is one', () => {
    expect(
      findCircle(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
    ).toBeNull();
    expect(
      findCircle(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['a']],
        ]),
      ),
    ).toEqual(['a', 'b', 'c', 'a']);
    const folders = folderGraph(
      new Map([
        ['server/src/routes/room.ts', ['server/src/state/rooms.ts']],
        ['server/src/state/rooms.ts', ['server/src/routes/route.ts']],
        ['server/src/routes/route.ts', []],
      ]),
    );
    expect(findCircle(folders)).toEqual(['server/src/routes/', 'server/src/state/', 'server/src/routes/']);
  });
});
