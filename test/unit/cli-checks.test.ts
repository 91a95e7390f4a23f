import { Validator, type Schema } from '@cfworker/json-schema';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CheckReport } from '../../shared/checks/report.ts';
import reportSchema from '../../shared/checks/report.schema.json' with { type: 'json' };
import { configText, sluice, tempFolder } from '../support/cli.ts';

/**
 * Checks in the CLI, in-process on the native engine: `validate` writes nothing but the report; `run`
 * gates its outputs on the checks (exit 1, outputs not published, quarantine outputs and report
 * written), `--fail-on warn`, quarantine splits that add up to the input, the report against its
 * schema, logs in text and JSON, and a version-1 config without checks unchanged.
 */

// 10 stations; latitudes 12 and 61 and 75 are outside 20..50; state 'ZZ' twice is unknown; one NULL elevation.
const STATIONS_CSV = [
  'id,state,latitude,elevation',
  '1,CA,34.1,100',
  '2,OR,44.0,200',
  '3,ZZ,12.0,300',
  '4,WA,47.5,',
  '5,CA,61.0,500',
  '6,ZZ,35.0,600',
  '7,NV,39.2,700',
  '8,CA,75.0,800',
  '9,OR,45.5,900',
  '10,WA,46.1,1000',
].join('\n');

const source = { id: 'stations', name: 'stations', file: { path: 'stations.csv', name: 'stations.csv' }, format: 'csv', csv: { header: true } };
const pipeline = { id: 'main', name: 'main', input: { kind: 'source', id: 'stations' }, steps: [] };
const latRange = { id: 'lat_range', kind: 'range', column: 'latitude', min: 20, max: 50, severity: 'error', pipeline: 'main' };
const elevationWarn = { id: 'elevation_known', kind: 'not_null', column: 'elevation', severity: 'warn', pipeline: 'main' };
const knownState = { id: 'known_state', kind: 'accepted_values', column: 'state', values: ['CA', 'OR', 'WA', 'NV'], severity: 'error', threshold: { maxFraction: 0.5 }, pipeline: 'main', action: 'quarantine' };

const validator = new Validator(reportSchema as unknown as Schema, '2020-12', false);

let folder: { dir: string; remove: () => void };
beforeAll(() => {
  folder = tempFolder({ 'stations.csv': `${STATIONS_CSV}\n` });
});
afterAll(() => folder.remove());

let configs = 0;
/** A version-2 config with these checks and outputs; returns its file name. */
function config(checks: object[], outputs: object[] = [], version = 2): string {
  const name = `checks-${++configs}.sluice.json`;
  writeFileSync(join(folder.dir, name), configText({ version, sources: [source], pipelines: [pipeline], checks, outputs }));
  return name;
}

const files = () => readdirSync(folder.dir).sort();
const read = (name: string) => readFileSync(join(folder.dir, name), 'utf8');
const csvRows = (name: string) => read(name).trim().split('\n').slice(1);
function report(name: string): CheckReport {
  const parsed = JSON.parse(read(name)) as CheckReport;
  const valid = validator.validate(parsed);
  expect(valid.errors.map((e) => `${e.instanceLocation}: ${e.error}`)).toEqual([]);
  return parsed;
}

describe('sluice validate', () => {
  it('exits 1 naming each failing rule with its count, and writes nothing but the report', async () => {
    const name = config([latRange, elevationWarn], [{ pipeline: 'main', path: 'validated.csv', format: 'csv' }]);
    const before = files();
    const run = await sluice(['validate', name, '--report', 'validate-report.json'], folder.dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('FAIL range(latitude, 20..50): 3 rows (30%)');
    expect(run.stderr).toContain('WARN not_null(elevation): 1 row (10%)');
    expect(run.stderr).toContain('2 checks: 1 failed, 1 warning.');
    expect(run.stdout).toBe('');
    expect(files()).toEqual([...before, 'validate-report.json'].sort());
    const written = report('validate-report.json');
    expect(written).toMatchObject({ config: name, failOn: 'error', verdict: 'failed', counts: { failed: 1, warning: 1, passed: 0, error: 0 } });
    expect(written.results[0]).toMatchObject({ id: 'lat_range', status: 'failed', failing: 3, total: 10, fraction: 0.3 });
    expect(written.results[0]!.sample.map((r) => r.id)).toEqual(['3', '5', '8']);
  });

  it('without --report writes nothing at all; passing checks exit 0', async () => {
    const name = config([{ ...latRange, threshold: { maxCount: 3 } }]);
    const before = files();
    const run = await sluice(['validate', name], folder.dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('PASS range(latitude, 20..50): 3 rows (30%)');
    expect(run.stderr).toContain('every step binds, the checks pass.');
    expect(files()).toEqual(before);
  });

  it('--fail-on warn fails on a warning that --fail-on error lets pass', async () => {
    const name = config([elevationWarn]);
    expect((await sluice(['validate', name], folder.dir)).code).toBe(0);
    const strict = await sluice(['validate', name, '--fail-on', 'warn'], folder.dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toContain('WARN not_null(elevation): 1 row (10%)');
    expect(strict.stderr).toContain('Fails at --fail-on warn.');
    expect((await sluice(['validate', name, '--fail-on', 'never'], folder.dir)).code).toBe(2);
  });

  it('a rule that cannot run (a missing column) fails the run', async () => {
    const run = await sluice(['validate', config([{ ...latRange, id: 'missing', column: 'nope' }])], folder.dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/ERROR range\(nope, 20\.\.50\): .*nope/);
  });
});

describe('sluice run', () => {
  it('on failing checks: exit 1, the outputs not published (the old one stays), quarantine output and report written', async () => {
    writeFileSync(join(folder.dir, 'gated.csv'), 'previous\n');
    const name = config([latRange, knownState], [{ pipeline: 'main', path: 'gated.csv', format: 'csv' }]);
    const run = await sluice(['run', name, '--report', 'gated-report.json'], folder.dir);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('FAIL range(latitude, 20..50): 3 rows (30%)');
    expect(run.stderr).toContain('checks failed: no output written');
    expect(read('gated.csv')).toBe('previous\n');
    expect(csvRows('gated.quarantine.csv')).toEqual(['3,ZZ,12.0,300,known_state', '6,ZZ,35.0,600,known_state']);
    expect(read('gated.quarantine.csv').split('\n')[0]).toBe('id,state,latitude,elevation,failed_checks');
    expect(report('gated-report.json')).toMatchObject({ verdict: 'failed', counts: { failed: 1, passed: 1 } });
    expect(files().filter((f) => f.includes('sluice-tmp'))).toEqual([]);
  });

  it('on passing checks: the output gets the passing rows, the quarantine the failing ones; they add up to the input', async () => {
    const name = config([{ ...knownState, id: 'known_state', values: ['CA', 'OR', 'WA'] }, { ...latRange, id: 'north', action: 'quarantine', threshold: { maxFraction: 1 } }], [{ pipeline: 'main', path: 'split.parquet', format: 'parquet' }]);
    const run = await sluice(['run', name, '--output', 'main=split.csv', '--report', 'split-report.json'], folder.dir);
    expect(run.code).toBe(0);
    const passing = csvRows('split.csv');
    const failing = csvRows('split.quarantine.csv');
    expect(passing.map((r) => r.split(',')[0])).toEqual(['1', '2', '4', '9', '10']);
    expect(failing).toEqual(['3,ZZ,12.0,300,"known_state, north"', '5,CA,61.0,500,north', '6,ZZ,35.0,600,known_state', '7,NV,39.2,700,known_state', '8,CA,75.0,800,north']);
    expect(passing.length + failing.length).toBe(STATIONS_CSV.split('\n').length - 1);
    expect(run.stderr).toContain('wrote the failing rows to split.quarantine.csv (5 rows');
    expect(report('split-report.json')).toMatchObject({ verdict: 'passed', counts: { passed: 2 } });
  });

  it('an output on standard output needs --quarantine PATH for its failing rows', async () => {
    const name = config([knownState]);
    const refused = await sluice(['run', name], folder.dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('goes to standard output and has quarantine rules (known_state): give --quarantine PATH');
    const run = await sluice(['run', name, '--quarantine', 'stdout-bad.ndjson', '--quiet'], folder.dir);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1 + 8);
    expect(read('stdout-bad.ndjson').trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([
      { id: 3, state: 'ZZ', latitude: 12, elevation: 300, failed_checks: 'known_state' },
      { id: 6, state: 'ZZ', latitude: 35, elevation: 600, failed_checks: 'known_state' },
    ]);
    const unused = await sluice(['run', config([latRange]), '--quarantine', 'x.csv'], folder.dir);
    expect(unused.code).toBe(2);
    expect(unused.stderr).toContain('--quarantine x.csv: no output on standard output has quarantine rules');
  });

  it('logs one JSON object per rule with its status, failing rows and seconds', async () => {
    const run = await sluice(['run', config([latRange, elevationWarn]), '--log-format', 'json', '--fail-on', 'warn'], folder.dir);
    expect(run.code).toBe(1);
    const lines = run.stderr.trim().split('\n').map((l) => JSON.parse(l) as { level: string; message: string; step: string | null; rows: number | null; seconds: number | null; status: string | null });
    const rules = lines.filter((l) => l.status !== null);
    expect(rules.map((l) => [l.step, l.status, l.rows, l.level])).toEqual([['check lat_range', 'failed', 3, 'error'], ['check elevation_known', 'warning', 1, 'warn']]);
    for (const line of rules) expect(line.seconds).toBeGreaterThanOrEqual(0);
    expect(rules[0]!.message).toBe('FAIL range(latitude, 20..50): 3 rows (30%)');
    expect(run.stdout).toBe('');
  });

  it('a version-1 config without checks runs as before: exit 0, no check lines', async () => {
    const run = await sluice(['run', config([], [{ pipeline: 'main', path: 'v1.csv', format: 'csv' }], 1)], folder.dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^sluice info: wrote v1\.csv \(10 rows, [\d.]+ s\)\n$/);
    expect(csvRows('v1.csv')).toHaveLength(10);
    expect(existsSync(join(folder.dir, 'v1.quarantine.csv'))).toBe(false);
  });

  it('refuses a report folder that does not exist before running anything', async () => {
    const run = await sluice(['run', config([latRange]), '--report', 'missing/report.json'], folder.dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--report missing/report.json: the output folder');
  });
});

describe('a CSV source read several times (checks) is copied once, with the same type check', () => {
  // 5,000 rows of whole numbers but for a late 3.75 (row 4,500, after the first rows' sniff): DOUBLE, never rounded.
  const lines = ['n,amount'];
  for (let i = 1; i <= 5000; i++) lines.push(`${i},${i === 4500 ? '3.75' : i % 10}`);
  const late = { id: 'late', name: 'late', file: { path: 'late.csv', name: 'late.csv' }, format: 'csv', csv: { header: true } };
  const main = { id: 'main', name: 'main', input: { kind: 'source', id: 'late' }, steps: [] };
  const write = (name: string, checks: object[]) => writeFileSync(join(folder.dir, name), configText({ version: 2, sources: [late], pipelines: [main], checks, outputs: [] }));

  it('widens the late value with the note the view gives, and the checks see 3.75', async () => {
    writeFileSync(join(folder.dir, 'late.csv'), `${lines.join('\n')}\n`);
    write('late-none.sluice.json', []);
    write('late-checks.sluice.json', [
      { id: 'small', kind: 'range', column: 'amount', min: 3.7, max: 3.8, severity: 'error', pipeline: 'main' },
      { id: 'some', kind: 'not_null', column: 'amount', severity: 'error', pipeline: 'main' },
    ]);
    const viewRun = await sluice(['validate', 'late-none.sluice.json'], folder.dir);
    const tableRun = await sluice(['validate', 'late-checks.sluice.json'], folder.dir);
    const note = (stderr: string) => stderr.split('\n').find((l) => /amount/.test(l) && /3\.75/.test(l));
    expect(note(viewRun.stderr)).toMatch(/4,500|4500/);
    expect(note(tableRun.stderr)).toBe(note(viewRun.stderr));
    // Every row but the 3.75 is outside 3.7..3.8: 4,999 failing rows of 5,000.
    expect(tableRun.code).toBe(1);
    expect(tableRun.stderr).toMatch(/FAIL range\(amount, 3\.7\.\.3\.8\): 4,999 rows/);
  });
});
