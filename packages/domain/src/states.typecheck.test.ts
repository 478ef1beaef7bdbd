/**
 * Proof that the state table (states.ts) is the one place a new section state is added: the type
 * checker runs over every package that uses states — the domain, storage, the server and the web —
 * with a copy of states.ts that has one more state, held in memory (nothing on disk changes).
 *
 * - With the state added to the union only, the checker reports the table, and in production code
 *   nothing else: everything else derives from it. (Tests that enumerate every state are reported
 *   too, as they should be.)
 * - With the state and its table entry, production code type-checks clean: a new state is one edit.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const STATES = path.join(ROOT, 'packages/domain/src/states.ts');
/**
 * The server's and the web's programs: through the `source` condition (tsconfig.base.json) they
 * hold the domain's, storage's and the other packages' sources too, so two programs check the
 * production code of all four (checking domain and storage on their own only added their tests).
 */
const PROJECTS = ['apps/server', 'apps/web'];

const UNION = "export type SectionStatus = 'not_started' | 'drafting' | 'submitted' | 'returned' | 'approved';";
const TABLE = 'export const SECTION_STATE: Readonly<Record<SectionStatus, SectionState>> = {';
const ENTRY = `
  archived: {
    label: '已归档',
    phase: 'done',
    edit: { bureau: '本章节已归档，不能再编辑', office: '本章节已归档，不能再修改' },
    on: {
      assign: { refused: '已归档，不能重新分配' },
      submit: { refused: '已归档，不能提交' },
      approve: { refused: '已归档，不能通过' },
      return: { refused: '已归档，不能退回' },
    },
  },`;

interface Problem {
  file: string;
  message: string;
}

/** Type-checks a project with states.ts replaced by `statesText`; `previous` lets it reuse parsed files. */
function check(project: string, statesText: string, previous?: ts.Program): { problems: Problem[]; program: ts.Program } {
  const configPath = path.join(ROOT, project, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, ' '));
    },
  });
  if (!config) throw new Error(`cannot read ${configPath}`);
  const options = { ...config.options, noEmit: true };
  const host = ts.createCompilerHost(options);
  const read = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, fresh) =>
    path.resolve(fileName) === STATES ? ts.createSourceFile(fileName, statesText, languageVersion) : read(fileName, languageVersion, onError, fresh);
  const program = ts.createProgram({ rootNames: config.fileNames, options, host, ...(previous ? { oldProgram: previous } : {}) });
  const problems = ts.getPreEmitDiagnostics(program).map((d) => ({
    file: d.file ? path.relative(ROOT, d.file.fileName) : configPath,
    message: ts.flattenDiagnosticMessageText(d.messageText, ' '),
  }));
  return { problems, program };
}

const isTest = (file: string) => /\.test\.tsx?$/.test(file);

describe('adding a section state', () => {
  it('is one edit of the state table, and the type checker names every place that must handle it', () => {
    const original = readFileSync(STATES, 'utf8');
    expect(original).toContain(UNION);
    expect(original).toContain(TABLE);
    const unionOnly = original.replace(UNION, UNION.replace(';', " | 'archived';"));
    const withEntry = unionOnly.replace(TABLE, TABLE + ENTRY);

    const unionOnlyProblems: Problem[] = [];
    const withEntryProblems: Problem[] = [];
    const checked = new Set<string>();
    for (const project of PROJECTS) {
      const first = check(project, unionOnly);
      for (const f of first.program.getSourceFiles()) checked.add(path.relative(ROOT, f.fileName).split(path.sep).slice(0, 3).join('/'));
      unionOnlyProblems.push(...first.problems);
      withEntryProblems.push(...check(project, withEntry, first.program).problems);
    }

    // The two programs did check the domain's and storage's sources, not only the apps'.
    expect([...checked]).toEqual(expect.arrayContaining(['packages/domain/src', 'packages/storage/src', 'apps/server/src', 'apps/web/src']));

    // The missing entry is reported where the table is, and production code has no other place to change.
    expect(unionOnlyProblems.filter((p) => p.file === 'packages/domain/src/states.ts').map((p) => p.message)).toEqual(
      expect.arrayContaining([expect.stringContaining("Property 'archived' is missing")]),
    );
    expect([...new Set(unionOnlyProblems.filter((p) => !isTest(p.file)).map((p) => p.file))]).toEqual(['packages/domain/src/states.ts']);
    // Whatever else is reported is about the new state (tests that list every state).
    for (const p of unionOnlyProblems) expect(p.message).toContain('archived');

    // With its entry, everything that is not a test compiles: labels, transitions, rights, phases,
    // progress and the board derive from the table.
    expect(withEntryProblems.filter((p) => !isTest(p.file))).toEqual([]);
  }, 600_000);
});
