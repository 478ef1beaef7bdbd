// node --test: the import-cycle check on two fixture repositories, one with cycles, one without.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkImportCycles, defaultSourceRoots, importGraph, importsOf } from './importCycles.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const fixtures = join(here, 'fixtures', 'import-cycles');
const cyclic = join(fixtures, 'cyclic');
const acyclic = join(fixtures, 'acyclic');

test('reports a cycle made partly of type imports as a chain of files, marking the type-only links', () => {
  const { cycles } = checkImportCycles(defaultSourceRoots(cyclic), cyclic);
  assert.ok(
    cycles.includes(
      'apps/app/src/config.ts → apps/app/src/http/address.ts (type) → apps/app/src/http/env.ts (type) → apps/app/src/context.ts (type) → apps/app/src/config.ts',
    ),
    cycles.join('\n'),
  );
});

test('follows workspace packages through their exports and re-exports', () => {
  const { cycles } = checkImportCycles(defaultSourceRoots(cyclic), cyclic);
  assert.deepEqual(cycles, [
    'apps/app/src/config.ts → apps/app/src/http/address.ts (type) → apps/app/src/http/env.ts (type) → apps/app/src/context.ts (type) → apps/app/src/config.ts',
    'packages/shapes/src/area.ts → packages/units/src/names.ts → packages/shapes/src/index.ts → packages/shapes/src/area.ts',
  ]);
});

test('the same files with the cycles taken apart pass', () => {
  const { files, cycles } = checkImportCycles(defaultSourceRoots(acyclic), acyclic);
  assert.deepEqual(cycles, []);
  assert.equal(files, 11);
});

test('the command fails with the chains on stderr, and passes quietly without cycles', () => {
  const script = join(here, 'importCycles.mjs');
  const failed = spawnSync(process.execPath, [script, cyclic], { encoding: 'utf8' });
  assert.equal(failed.status, 1);
  assert.match(failed.stderr, /发现 2 处循环导入/);
  assert.match(failed.stderr, /packages\/shapes\/src\/area\.ts → packages\/units\/src\/names\.ts/);
  const passed = spawnSync(process.execPath, [script, acyclic], { encoding: 'utf8' });
  assert.equal(passed.status, 0, passed.stderr);
  assert.match(passed.stdout, /11 个源文件，没有循环导入/);
});

test('every kind of import is an edge; type-only when it brings types alone', () => {
  assert.deepEqual(importsOf(join(cyclic, 'apps', 'app', 'src', 'http', 'address.ts')), [{ specifier: './env.js', typeOnly: true }]);
  assert.deepEqual(importsOf(join(cyclic, 'packages', 'shapes', 'src', 'index.ts')), [{ specifier: './area.js', typeOnly: false }]);
  assert.deepEqual(importsOf(join(acyclic, 'apps', 'app', 'src', 'main.ts')), [
    { specifier: '@fixture/shapes', typeOnly: false },
    { specifier: './config.js', typeOnly: false },
    { specifier: './context.js', typeOnly: true },
  ]);
  assert.deepEqual(importsOf(join(acyclic, 'apps', 'app', 'src', 'kinds.ts')), [
    { specifier: './config.js', typeOnly: true },
    { specifier: './http/env.js', typeOnly: true },
    { specifier: './http/address.js', typeOnly: false },
    { specifier: '@fixture/shapes', typeOnly: true },
    { specifier: './http/proxies.js', typeOnly: false },
  ]);
  // …and each resolves to its file: a relative path with .js for .ts, a package through its exports.
  const graph = importGraph(defaultSourceRoots(acyclic));
  const targets = (graph.get(join(acyclic, 'apps', 'app', 'src', 'kinds.ts')) ?? []).map((e) => relative(acyclic, e.to).split(sep).join('/'));
  assert.deepEqual(targets, ['apps/app/src/config.ts', 'apps/app/src/http/env.ts', 'apps/app/src/http/address.ts', 'packages/shapes/src/index.ts', 'apps/app/src/http/proxies.ts']);
});
