// Import-cycle check, run by `npm test`: reads every TypeScript file under
// the src/ of each package and app with the TypeScript compiler's parser, follows relative imports
// and imports of workspace packages (`@hegao/x`, `@hegao/x/sub`, through the `source` export
// condition), and reports every cycle as a chain of files. Exits 1 if there is one.
//
// Every import counts: `import type` too. A type-only cycle does not break module loading, but it
// still ties two modules together (neither can be understood, moved or tested without the other);
// the fix is the same — the thing both need goes into a module of its own.
// Edges: static imports and re-exports (`export … from`), `import('…')` with a literal specifier,
// `typeof import('…')` types and `import x = require('…')`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

/** @typedef {{ from: string, to: string, specifier: string, typeOnly: boolean }} ImportEdge */
/** @typedef {{ files: string[], edges: ImportEdge[] }} ImportCycle  files[0] imports files[1] … the last imports files[0]; edges[i] goes from files[i]. */

const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts'];

/**
 * The src/ folders the check covers by default: one per workspace package and app.
 * @param {string} root the repository
 * @returns {string[]}
 */
export function defaultSourceRoots(root = repoRoot) {
  /** @type {string[]} */
  const roots = [];
  for (const group of ['apps', 'packages']) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir).sort()) {
      const src = join(dir, name, 'src');
      if (existsSync(src) && statSync(src).isDirectory()) roots.push(src);
    }
  }
  return roots;
}

/**
 * Every TypeScript source file below a folder (declaration files and node_modules left out).
 * @param {string} dir
 * @returns {string[]}
 */
function sourceFiles(dir) {
  /** @type {string[]} */
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (SOURCE_EXTENSIONS.some((ext) => entry.name.endsWith(ext)) && !/\.d\.[cm]?ts$/.test(entry.name)) out.push(path);
  }
  return out;
}

/**
 * Workspace packages by name, each with its exports mapped to source files (the `source`
 * condition, else `types`/`default` with dist/ → src/ and .js → .ts), for the packages whose
 * src/ is checked.
 * @param {string[]} sourceRoots
 * @returns {Map<string, Map<string, string>>} package name → export subpath ('.', './protocol') → file
 */
function workspaceExports(sourceRoots) {
  /** @type {Map<string, Map<string, string>>} */
  const packages = new Map();
  for (const src of sourceRoots) {
    const pkgDir = dirname(src);
    const pkgFile = join(pkgDir, 'package.json');
    if (!existsSync(pkgFile)) continue;
    /** @type {{ name?: string, exports?: unknown, main?: string }} */
    const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
    if (!pkg.name) continue;
    /** @type {Map<string, string>} */
    const exports = new Map();
    const raw = pkg.exports;
    /** @type {Record<string, unknown>} */
    const entries =
      typeof raw === 'string' ? { '.': raw } : raw && typeof raw === 'object' && !Object.keys(raw).some((k) => k.startsWith('.')) ? { '.': raw } : /** @type {Record<string, unknown>} */ (raw ?? {});
    for (const [subpath, target] of Object.entries(entries)) {
      const file = exportTarget(pkgDir, target);
      if (file) exports.set(subpath, file);
    }
    if (!exports.has('.')) {
      const index = resolveFile(join(src, 'index'));
      if (index) exports.set('.', index);
    }
    packages.set(pkg.name, exports);
  }
  return packages;
}

/**
 * @param {string} pkgDir
 * @param {unknown} target
 * @returns {string | null}
 */
function exportTarget(pkgDir, target) {
  if (typeof target === 'string') {
    const source = target.replace(/^\.\/dist\//, './src/').replace(/\.d\.ts$|\.js$/, '');
    return resolveFile(join(pkgDir, source));
  }
  if (!target || typeof target !== 'object') return null;
  const conditions = /** @type {Record<string, unknown>} */ (target);
  for (const condition of ['source', 'types', 'import', 'default']) {
    if (condition in conditions) {
      const file = exportTarget(pkgDir, conditions[condition]);
      if (file) return file;
    }
  }
  return null;
}

/**
 * The source file an import path names: as written, with a TypeScript extension instead of the
 * JavaScript one (`./x.js` → x.ts), with one added (`./x` → x.ts, x.tsx), or a folder's index.
 * @param {string} path absolute, without or with an extension
 * @returns {string | null}
 */
function resolveFile(path) {
  /** @type {string[]} */
  const candidates = [];
  const jsExt = /\.(m|c)?jsx?$/.exec(path);
  if (jsExt) {
    const stem = path.slice(0, -jsExt[0].length);
    const m = jsExt[1] ?? '';
    candidates.push(`${stem}.${m}ts`, `${stem}.${m}tsx`, `${stem}.tsx`);
  }
  if (SOURCE_EXTENSIONS.some((ext) => path.endsWith(ext))) candidates.push(path);
  for (const ext of SOURCE_EXTENSIONS) candidates.push(path + ext);
  for (const ext of SOURCE_EXTENSIONS) candidates.push(join(path, `index${ext}`));
  for (const candidate of candidates) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

/**
 * The imports of one file, as written: specifier and whether only types come through it.
 * @param {string} file
 * @returns {{ specifier: string, typeOnly: boolean }[]}
 */
export function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kind);
  /** @type {{ specifier: string, typeOnly: boolean }[]} */
  const found = [];
  /** @param {ts.Node} node */
  const visit = (node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      // `import type {…}`, or `import { type A, type B }` (every named binding a type, no default).
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            !!clause.namedBindings &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.length > 0 &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const typeOnly =
        node.isTypeOnly ||
        (!!node.exportClause && ts.isNamedExports(node.exportClause) && node.exportClause.elements.length > 0 && node.exportClause.elements.every((e) => e.isTypeOnly));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      found.push({ specifier: node.moduleReference.expression.text, typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteralLike(arg)) found.push({ specifier: arg.text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/**
 * The import graph of the given src/ folders: file → its edges to files in those folders.
 * @param {string[]} sourceRoots
 * @returns {Map<string, ImportEdge[]>}
 */
export function importGraph(sourceRoots) {
  const packages = workspaceExports(sourceRoots);
  /** @type {Map<string, ImportEdge[]>} */
  const graph = new Map();
  const files = sourceRoots.flatMap((root) => sourceFiles(root)).sort();
  const known = new Set(files);
  for (const file of files) {
    /** @type {Map<string, ImportEdge>} */
    const edges = new Map();
    for (const { specifier, typeOnly } of importsOf(file)) {
      const to = resolveSpecifier(file, specifier, packages);
      if (!to || !known.has(to)) continue;
      const seen = edges.get(to);
      // One edge per pair of files; it is type-only when every import between them is.
      if (seen) seen.typeOnly &&= typeOnly;
      else edges.set(to, { from: file, to, specifier, typeOnly });
    }
    graph.set(file, [...edges.values()]);
  }
  return graph;
}

/**
 * @param {string} from
 * @param {string} specifier
 * @param {Map<string, Map<string, string>>} packages
 * @returns {string | null}
 */
function resolveSpecifier(from, specifier, packages) {
  if (specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..') {
    return resolveFile(resolve(dirname(from), specifier));
  }
  const match = /^(@[^/]+\/[^/]+|[^@/][^/]*)(\/.*)?$/.exec(specifier);
  if (!match) return null;
  const exports = packages.get(/** @type {string} */ (match[1]));
  if (!exports) return null;
  return exports.get(match[2] ? `.${match[2]}` : '.') ?? null;
}

/**
 * Strongly connected components with more than one file, or a file importing itself (Tarjan).
 * @param {Map<string, ImportEdge[]>} graph
 * @returns {string[][]}
 */
function tangledComponents(graph) {
  let counter = 0;
  /** @type {Map<string, number>} */
  const index = new Map();
  /** @type {Map<string, number>} */
  const low = new Map();
  /** @type {string[]} */
  const stack = [];
  const onStack = new Set();
  /** @type {string[][]} */
  const components = [];
  // Iterative, so a long chain of imports cannot overflow the call stack.
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    /** @type {{ node: string, next: number }[]} */
    const work = [{ node: start, next: 0 }];
    index.set(start, counter);
    low.set(start, counter++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = /** @type {{ node: string, next: number }} */ (work.at(-1));
      const edges = graph.get(frame.node) ?? [];
      if (frame.next < edges.length) {
        const to = /** @type {ImportEdge} */ (edges[frame.next++]).to;
        if (!index.has(to)) {
          index.set(to, counter);
          low.set(to, counter++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, next: 0 });
        } else if (onStack.has(to)) {
          low.set(frame.node, Math.min(/** @type {number} */ (low.get(frame.node)), /** @type {number} */ (index.get(to))));
        }
        continue;
      }
      work.pop();
      const parent = work.at(-1);
      if (parent) low.set(parent.node, Math.min(/** @type {number} */ (low.get(parent.node)), /** @type {number} */ (low.get(frame.node))));
      if (low.get(frame.node) === index.get(frame.node)) {
        /** @type {string[]} */
        const component = [];
        let node;
        do {
          node = /** @type {string} */ (stack.pop());
          onStack.delete(node);
          component.push(node);
        } while (node !== frame.node);
        const selfLoop = (graph.get(frame.node) ?? []).some((e) => e.to === frame.node);
        if (component.length > 1 || selfLoop) components.push(component.sort());
      }
    }
  }
  return components.sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
}

/**
 * The import cycles of a graph: for each tangle of files that import one another, the shortest
 * cycle through each of its files (the same cycle reported once), so every file in a cycle shows
 * up in at least one chain and the output stays short however tangled the files are.
 * @param {Map<string, ImportEdge[]>} graph
 * @returns {ImportCycle[]}
 */
export function findCycles(graph) {
  /** @type {ImportCycle[]} */
  const cycles = [];
  const seen = new Set();
  for (const component of tangledComponents(graph)) {
    const members = new Set(component);
    for (const start of component) {
      const cycle = shortestCycleThrough(graph, members, start);
      if (!cycle) continue;
      // The same cycle, started at its first file in sort order, is reported once.
      const first = cycle.files.indexOf([...cycle.files].sort()[0] ?? '');
      const rotated = { files: [...cycle.files.slice(first), ...cycle.files.slice(0, first)], edges: [...cycle.edges.slice(first), ...cycle.edges.slice(0, first)] };
      const key = rotated.files.join('\n');
      if (seen.has(key)) continue;
      seen.add(key);
      cycles.push(rotated);
    }
  }
  return cycles;
}

/**
 * Breadth-first from `start` back to it, staying inside its component.
 * @param {Map<string, ImportEdge[]>} graph
 * @param {Set<string>} members
 * @param {string} start
 * @returns {ImportCycle | null}
 */
function shortestCycleThrough(graph, members, start) {
  /** @type {Map<string, ImportEdge>} */
  const cameBy = new Map();
  /** @type {string[]} */
  let frontier = [start];
  while (frontier.length > 0) {
    /** @type {string[]} */
    const next = [];
    for (const node of frontier) {
      for (const edge of graph.get(node) ?? []) {
        if (!members.has(edge.to)) continue;
        if (edge.to === start) {
          /** @type {ImportEdge[]} */
          const edges = [edge];
          let at = node;
          while (at !== start) {
            const back = /** @type {ImportEdge} */ (cameBy.get(at));
            edges.unshift(back);
            at = back.from;
          }
          return { files: edges.map((e) => e.from), edges };
        }
        if (cameBy.has(edge.to) || edge.to === start) continue;
        cameBy.set(edge.to, edge);
        next.push(edge.to);
      }
    }
    frontier = next;
  }
  return null;
}

/**
 * One cycle as a readable chain: `a.ts → b.ts (type) → c.ts → a.ts`, paths relative to `base`;
 * "(type)" marks an import that brings only types.
 * @param {ImportCycle} cycle
 * @param {string} base
 * @returns {string}
 */
export function formatCycle(cycle, base) {
  const name = (/** @type {string} */ file) => relative(base, file).split(sep).join('/');
  const parts = [name(cycle.files[0] ?? '')];
  for (const edge of cycle.edges) parts.push(`${edge.typeOnly ? '(type) ' : ''}→ ${name(edge.to)}`);
  return parts.join(' ');
}

/**
 * Checks the given src/ folders; returns the cycles found, formatted.
 * @param {string[]} sourceRoots
 * @param {string} base paths in the output are relative to it
 * @returns {{ files: number, cycles: string[] }}
 */
export function checkImportCycles(sourceRoots, base = repoRoot) {
  const graph = importGraph(sourceRoots);
  return { files: graph.size, cycles: findCycles(graph).map((c) => formatCycle(c, base)) };
}

// `node scripts/importCycles.mjs [repository]`: checks this repository, or the one named.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = resolve(process.argv[2] ?? repoRoot);
  const { files, cycles } = checkImportCycles(defaultSourceRoots(root), root);
  if (cycles.length === 0) {
    console.log(`导入环检查：${files} 个源文件，没有循环导入`);
  } else {
    console.error(`导入环检查：发现 ${cycles.length} 处循环导入（“(type)”表示该处只导入类型，同样算数；请把双方都需要的内容移到单独的模块中）：`);
    for (const cycle of cycles) console.error(`  ${cycle}`);
    process.exitCode = 1;
  }
}
