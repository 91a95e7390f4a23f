import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeEngine } from '../../cli/engine.ts';
import { lockDown } from '../../cli/lockdown.ts';
import { configText, sluice, tempFolder } from '../support/cli.ts';
import { HOSTILE_FRAGMENTS, HOSTILE_QUERIES } from '../support/hostile.ts';

/**
 * A config is untrusted input. The hostile corpus (every string and comment form, statements that
 * write, reads of undeclared files) through the CLI runner: each is refused with exit code 2, and
 * nothing is written anywhere: no output, no file named by the payloads, no temporary file.
 */

let folder: { dir: string; remove: () => void };
const PEOPLE = 'id,name,state\n1,Ada,CA\n2,Grace,NY\n';

beforeAll(() => {
  folder = tempFolder({ 'people.csv': PEOPLE, 'secret.csv': 'password\nhunter2\n' });
});
afterAll(() => folder.remove());

const source = { id: 'people', name: 'people', file: { path: 'people.csv', name: 'people.csv' }, format: 'csv' };
let configs = 0;

/** Run a one-pipeline config with these steps, writing out.csv; returns the outcome. */
async function runSteps(steps: object[]): Promise<{ code: number; stderr: string }> {
  const name = `hostile-${++configs}.sluice.json`;
  writeFileSync(join(folder.dir, name), configText({ sources: [source], pipelines: [{ id: 'main', name: 'main', input: { kind: 'source', id: 'people' }, steps }], outputs: [{ pipeline: 'main', path: 'out.csv', format: 'csv' }] }));
  return sluice(['run', name], folder.dir);
}

/** Nothing but the inputs and the configs is in the folder, and the inputs are unchanged. */
function expectNothingWritten(): void {
  const files = readdirSync(folder.dir).filter((f) => !f.endsWith('.sluice.json'));
  expect(files.sort()).toEqual(['people.csv', 'secret.csv']);
  expect(readFileSync(join(folder.dir, 'people.csv'), 'utf8')).toBe(PEOPLE);
  for (const name of ['stolen.csv', 'evil.db']) expect(existsSync(join(process.cwd(), name))).toBe(false);
}

describe('hostile SQL through the CLI', () => {
  it.each(HOSTILE_FRAGMENTS)('derive expression %#', async (expression) => {
    const run = await runSteps([{ id: 'd', kind: 'derive', enabled: true, name: 'y', expression }]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^sluice error: hostile-\d+\.sluice\.json: pipelines\[0\]\.steps\[0\] \(pipeline "main", step 1: derive\): /);
    expectNothingWritten();
  });

  it.each(HOSTILE_QUERIES)('custom SQL step %#', async (query) => {
    const run = await runSteps([{ id: 'q', kind: 'sql', enabled: true, query }]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^sluice error: hostile-\d+\.sluice\.json: pipelines\[0\]/);
    expectNothingWritten();
  });

  it('filter values run as data, in one run with an output per value', async () => {
    const pipelines = HOSTILE_FRAGMENTS.map((value, i) => ({ id: `p${i}`, name: `p${i}`, input: { kind: 'source', id: 'people' }, steps: [{ id: 'f', kind: 'filter', enabled: true, condition: { kind: 'compare', column: 'name', op: '=', value } }] }));
    writeFileSync(join(folder.dir, 'values.sluice.json'), configText({ sources: [source], pipelines, outputs: pipelines.map((p) => ({ pipeline: p.id, path: `v-${p.id}.csv`, format: 'csv' })) }));
    const run = await sluice(['run', 'values.sluice.json', '--quiet'], folder.dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    for (const p of pipelines) expect(readFileSync(join(folder.dir, `v-${p.id}.csv`), 'utf8')).toBe('id,name,state\n');
  });
});

describe('the engine reaches only the declared files', () => {
  it("read_csv('/etc/passwd') in a step fails with DuckDB's permission error", async () => {
    const run = await runSteps([{ id: 'd', kind: 'derive', enabled: true, name: 'n', expression: "(SELECT count(*) FROM read_csv('/etc/passwd'))" }]);
    expect(run.stderr).toMatch(/pipelines\[0\]\.steps\[0\] \(pipeline "main", step 1: derive\): Permission Error: Cannot access file "\/etc\/passwd" - file system operations are disabled by configuration/);
    expect(run.code).toBe(2);
  });

  it('an undeclared file beside a declared one is refused; the declared one may be read by path', async () => {
    const secret = await runSteps([{ id: 'q', kind: 'sql', enabled: true, query: `SELECT * FROM read_csv('${join(folder.dir, 'secret.csv')}')` }]);
    expect(secret.stderr).toMatch(/Permission Error: Cannot access file ".*secret\.csv"/);
    expect(secret.code).toBe(2);
    const declared = await runSteps([{ id: 'q', kind: 'sql', enabled: true, query: `SELECT count(*) AS n FROM read_csv('${join(folder.dir, 'people.csv')}')` }]);
    expect(declared.code).toBe(0);
    expect(readFileSync(join(folder.dir, 'out.csv'), 'utf8')).toBe('n\n2\n');
  });

  it('COPY … TO and ATTACH in a custom SQL step are refused', async () => {
    const copy = await runSteps([{ id: 'q', kind: 'sql', enabled: true, query: `COPY (SELECT * FROM input) TO '${join(folder.dir, 'stolen.csv')}'` }]);
    expect(copy.stderr).toMatch(/A custom SQL step must be a query that returns rows .* not "COPY"/);
    expect(copy.code).toBe(2);
    const attach = await runSteps([{ id: 'q', kind: 'sql', enabled: true, query: "ATTACH 'evil.db' AS evil" }]);
    expect(attach.stderr).toMatch(/not "ATTACH"/);
    expect(attach.code).toBe(2);
    expect(existsSync(join(folder.dir, 'stolen.csv'))).toBe(false);
  });
});

describe('lock-down', () => {
  it('turns external access off, locks the configuration, and refuses later settings', async () => {
    const started = await NativeEngine.open(folder.dir);
    if (!started.ok) throw new Error(started.error.message);
    const engine = started.value;
    try {
      expect((await lockDown(engine, [join(folder.dir, 'people.csv')])).ok).toBe(true);
      const again = await engine.exec('SET enable_external_access = true');
      expect(again.ok ? '' : again.error.message).toMatch(/the configuration has been locked/);
      const widen = await engine.exec("SET allowed_directories = ['/']");
      expect(widen.ok ? '' : widen.error.message).toMatch(/locked/);
      const install = await engine.exec('INSTALL httpfs');
      expect(install.ok).toBe(false);
      expect((await engine.column(`SELECT count(*) FROM read_csv('${join(folder.dir, 'people.csv')}')`)).ok).toBe(true);
      const several = await engine.runOne('SELECT 1; SELECT 2');
      expect(several.ok ? '' : several.error.message).toMatch(/more than one statement/);
    } finally {
      engine.close();
    }
  });
});
