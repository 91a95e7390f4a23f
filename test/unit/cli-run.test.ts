import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/program.ts';
import { configText, sluice, tempFolder } from '../support/cli.ts';
import { openNative, type NativeDb } from '../support/native.ts';

/**
 * The CLI on real files in temporary folders, on the real native engine, run in-process: every source
 * format, relative paths, overrides, standard output, every output format, each exit code with its
 * message, and the logs.
 */

const PEOPLE_CSV = 'id;name;state;age\n1;Ada;CA;36\n2;Grace;NY;45\n3;Linus;CA;\n4;Alan;TX;41\n';
const peopleSource = { id: 'people', name: 'people', file: { path: 'data/people.csv', name: 'people.csv' }, format: 'csv', csv: { delimiter: ';', header: true } };
const caPipeline = (input = 'people') => ({ id: 'ca', name: 'ca', input: { kind: 'source', id: input }, steps: [{ id: 'f', kind: 'filter', enabled: true, condition: { kind: 'compare', column: 'state', op: '=', value: 'CA' } }] });

let native: NativeDb;
let folder: { dir: string; remove: () => void };
let elsewhere: { dir: string; remove: () => void };

beforeAll(async () => {
  native = await openNative();
  folder = tempFolder({
    'data/people.csv': PEOPLE_CSV,
    'data/other.csv': 'id;name;state;age\n9;Ida;CA;50\n',
    'data/people.json': JSON.stringify([{ name: 'Ada', id: 1, state: 'CA' }, { name: 'Grace', id: 2, state: 'NY', joined: '2024-02-20' }]),
    'data/people.ndjson': '{"state":"CA","name":"Ada","id":1}\n{"state":"NY","name":"Grace","id":2,"extra":true}\n\n',
    'data/people.arrow': tableToIPC(tableFromArrays({ id: Int32Array.from([1, 2, 3]), name: ['Ada', 'Grace', null], state: ['CA', 'NY', 'CA'] }), 'file'),
    'data/people.arrows': tableToIPC(tableFromArrays({ id: Int32Array.from([7]), name: ['Stream'], state: ['CA'] }), 'stream'),
    'stdout.sluice.json': configText({ sources: [peopleSource], pipelines: [caPipeline()] }),
  });
  await native.rows(`COPY (SELECT * FROM (VALUES (1, 'Ada', 'CA', DATE '2024-01-15', 1.5::DOUBLE), (2, 'Grace', 'NY', DATE '2024-02-20', 2.25)) t(id, name, state, joined, score)) TO '${join(folder.dir, 'data/people.parquet')}' (FORMAT parquet)`);
  elsewhere = tempFolder();
});
afterAll(() => {
  native.close();
  folder.remove();
  elsewhere.remove();
});

const write = (name: string, doc: object) => writeFileSync(join(folder.dir, name), configText(doc));
const tempFilesIn = (dir: string) => readdirSync(dir).filter((f) => f.includes('sluice-tmp'));

describe('standard output and relative paths', () => {
  it('with no outputs declared, writes the last pipeline to stdout as CSV with a header, reading paths relative to the config', async () => {
    // Run from another folder: the source path data/people.csv is relative to the config's folder.
    const run = await sluice(['run', join(folder.dir, 'stdout.sluice.json')], elsewhere.dir);
    expect(run.stderr).toMatch(/wrote standard output \(2 rows/);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('id,name,state,age\n1,Ada,CA,36\n3,Linus,CA,\n');
  });

  it('takes the config path relative to the current directory', async () => {
    const run = await sluice(['run', 'stdout.sluice.json', '--quiet'], folder.dir);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n')).toHaveLength(4);
  });
});

describe('every source format', () => {
  const cases: [string, string, string, string][] = [
    // [format, path, expected header (the file's column order), expected first row]
    ['csv', 'data/people.csv', 'id,name,state,age', '1,Ada,CA,36'],
    ['parquet', 'data/people.parquet', 'id,name,state,joined,score', '1,Ada,CA,2024-01-15,1.5'],
    ['json', 'data/people.json', 'name,id,state,joined', 'Ada,1,CA,'],
    ['ndjson', 'data/people.ndjson', 'state,name,id,extra', 'CA,Ada,1,'],
    ['arrow', 'data/people.arrow', 'id,name,state', '1,Ada,CA'],
    ['arrow', 'data/people.arrows', 'id,name,state', '7,Stream,CA'],
  ];
  it.each(cases)('%s (%s): columns in the file order', async (format, path, header, first) => {
    const name = `source-${path.replace(/\W/g, '-')}.sluice.json`;
    write(name, { sources: [{ id: 's', name: 'people', file: { path, name: path.split('/').pop() }, format, ...(format === 'csv' ? { csv: { delimiter: ';' } } : {}) }], pipelines: [caPipeline('s')] });
    const run = await sluice(['run', name], folder.dir);
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe(header);
    expect(lines[1]).toBe(first);
  });

  it('reads JSON values with their types (native read_json, keys in file order)', async () => {
    write('json-types.sluice.json', { sources: [{ id: 's', name: 'people', file: { path: 'data/people.json', name: 'people.json' }, format: 'json' }], pipelines: [{ id: 'p', name: 'p', input: { kind: 'source', id: 's' }, steps: [{ id: 'q', kind: 'sql', enabled: true, query: "SELECT typeof(id) AS t, typeof(joined) AS j FROM input WHERE name = 'Grace'" }] }] });
    const run = await sluice(['run', 'json-types.sluice.json'], folder.dir);
    expect(run.stdout).toBe('t,j\nBIGINT,DATE\n');
  });
});

describe('outputs', () => {
  it('writes each declared output in its format, relative to the config folder', async () => {
    write('all-formats.sluice.json', {
      sources: [peopleSource],
      pipelines: [caPipeline()],
      outputs: ['csv', 'parquet', 'json', 'ndjson'].map((format) => ({ pipeline: 'ca', path: `out-all.${format}`, format })),
    });
    const run = await sluice(['run', 'all-formats.sluice.json', '--log-format', 'json'], folder.dir);
    expect(run.code).toBe(0);
    const at = (f: string) => join(folder.dir, `out-all.${f}`);
    expect(readFileSync(at('csv'), 'utf8')).toBe('id,name,state,age\n1,Ada,CA,36\n3,Linus,CA,\n');
    expect(await native.columns(`SELECT * FROM read_parquet('${at('parquet')}')`)).toEqual(['id BIGINT', 'name VARCHAR', 'state VARCHAR', 'age BIGINT']);
    expect(await native.rows(`SELECT id, name, age FROM read_parquet('${at('parquet')}')`)).toEqual([[1n, 'Ada', 36n], [3n, 'Linus', null]]);
    expect(JSON.parse(readFileSync(at('json'), 'utf8'))).toEqual([{ id: 1, name: 'Ada', state: 'CA', age: 36 }, { id: 3, name: 'Linus', state: 'CA', age: null }]);
    expect(readFileSync(at('ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual([{ id: 1, name: 'Ada', state: 'CA', age: 36 }, { id: 3, name: 'Linus', state: 'CA', age: null }]);
    expect(tempFilesIn(folder.dir)).toEqual([]);
  });

  it('--input replaces a source file (relative to the current directory) and --output sets an output, format from its extension', async () => {
    write('override.sluice.json', { sources: [peopleSource], pipelines: [caPipeline()], outputs: [{ pipeline: 'ca', path: 'declared.csv', format: 'csv' }] });
    const run = await sluice(['run', join(folder.dir, 'override.sluice.json'), '--input', `people=${join('..', folder.dir.split('/').pop()!, 'data/other.csv')}`, '--output', 'ca=from-cli.parquet'], elsewhere.dir);
    expect(run.stderr).not.toMatch(/error/);
    expect(run.code).toBe(0);
    expect(existsSync(join(folder.dir, 'declared.csv'))).toBe(false);
    expect(await native.rows(`SELECT id, name FROM read_parquet('${join(elsewhere.dir, 'from-cli.parquet')}')`)).toEqual([[9n, 'Ida']]);
  });

  it("--output NAME=- sends a pipeline to stdout in its declared format", async () => {
    write('declared-json.sluice.json', { sources: [peopleSource], pipelines: [caPipeline()], outputs: [{ pipeline: 'ca', path: 'x.ndjson', format: 'ndjson' }] });
    const run = await sluice(['run', 'declared-json.sluice.json', '--output', 'ca=-'], folder.dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('{"id":1,"name":"Ada","state":"CA","age":36}\n{"id":3,"name":"Linus","state":"CA","age":null}\n');
    expect(existsSync(join(folder.dir, 'x.ndjson'))).toBe(false);
  });
});

describe('exit codes and messages', () => {
  const expectBad = async (args: string[], message: RegExp) => {
    const run = await sluice(args, folder.dir);
    expect(run.stderr).toMatch(message);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    return run;
  };

  it('2: the schema problem names the file, the JSON path and the field', async () => {
    write('bad-format.sluice.json', { sources: [{ ...peopleSource, format: 'xlsx' }], pipelines: [caPipeline()] });
    await expectBad(['run', 'bad-format.sluice.json'], /^sluice error: bad-format\.sluice\.json: sources\[0\]\.format: must be one of csv, parquet, json, ndjson, arrow\n$/);
  });

  it('2: a config that is not JSON, or is missing', async () => {
    writeFileSync(join(folder.dir, 'broken.sluice.json'), '{"format": ');
    await expectBad(['run', 'broken.sluice.json'], /broken\.sluice\.json: Not valid JSON/);
    await expectBad(['validate', 'nowhere.sluice.json'], /nowhere\.sluice\.json: cannot read the config \(no such file\)/);
  });

  it('2: a missing input file is named, with where its path came from', async () => {
    write('missing.sluice.json', { sources: [{ ...peopleSource, file: { path: 'data/gone.csv', name: 'gone.csv' } }], pipelines: [caPipeline()] });
    const run = await expectBad(['run', 'missing.sluice.json'], /source "people" \(sources\[0\]\.file\.path: .*\/data\/gone\.csv\): input file not found\./);
    expect(run.stderr).toContain(join(folder.dir, 'data/gone.csv'));
  });

  it('2: the step whose SQL fails is named, with DuckDB\'s reason, and nothing is written', async () => {
    write('bad-step.sluice.json', {
      sources: [peopleSource],
      pipelines: [{ ...caPipeline(), steps: [...caPipeline().steps, { id: 'd', kind: 'derive', enabled: true, name: 'x', expression: 'agee + 1' }] }],
      outputs: [{ pipeline: 'ca', path: 'bad-step.csv', format: 'csv' }],
    });
    await expectBad(['run', 'bad-step.sluice.json'], /bad-step\.sluice\.json: pipelines\[0\]\.steps\[1\] \(pipeline "ca", step 2: derive\): Binder Error: Referenced column "agee" not found/);
    expect(existsSync(join(folder.dir, 'bad-step.csv'))).toBe(false);
    await expectBad(['validate', 'bad-step.sluice.json'], /pipelines\[0\]\.steps\[1\]/);
  });

  it('2: a step the compiler refuses is named', async () => {
    write('refused.sluice.json', { sources: [peopleSource], pipelines: [{ ...caPipeline(), steps: [{ id: 'd', kind: 'derive', enabled: true, name: 'x', expression: '(1); DROP TABLE people; SELECT (1)' }] }] });
    await expectBad(['run', 'refused.sluice.json'], /refused\.sluice\.json: pipelines\[0\]\.steps\[0\] \(pipeline "ca", step 1: derive\): An expression must be a single statement/);
  });

  it('2: a failure while the rows are written keeps the existing output and leaves no temporary file', async () => {
    writeFileSync(join(folder.dir, 'keep.csv'), 'the old output\n');
    write('runtime.sluice.json', {
      sources: [peopleSource],
      pipelines: [{ ...caPipeline(), steps: [{ id: 'q', kind: 'sql', enabled: true, query: 'SELECT CAST(name AS INTEGER) AS n FROM input' }] }],
      outputs: [{ pipeline: 'ca', path: 'keep.csv', format: 'csv' }],
    });
    await expectBad(['run', 'runtime.sluice.json'], /runtime\.sluice\.json: pipelines\[0\] \(pipeline "ca"\) → outputs\[0\]: Conversion Error: Could not convert string 'Ada' to INT32/);
    expect(readFileSync(join(folder.dir, 'keep.csv'), 'utf8')).toBe('the old output\n');
    expect(tempFilesIn(folder.dir)).toEqual([]);
  });

  it('2: overrides and outputs that cannot work', async () => {
    await expectBad(['run', 'stdout.sluice.json', '--input', 'nobody=x.csv'], /--input nobody=x\.csv: stdout\.sluice\.json has no source named "nobody" \(sources: "people"\)/);
    await expectBad(['run', 'stdout.sluice.json', '--input', 'people'], /--input people: expected NAME=PATH/);
    await expectBad(['run', 'stdout.sluice.json', '--output', 'ca=no/such/folder/x.csv'], /the output folder .*no\/such\/folder does not exist/);
    await expectBad(['run', 'stdout.sluice.json', '--output', 'ca=x.arrow'], /Arrow IPC is not an output format/);
    await expectBad(['run', 'stdout.sluice.json', '--bogus'], /unknown option '--bogus'/);
    await expectBad(['run', 'stdout.sluice.json', '--quiet', '--verbose'], /cannot be used with option/);
  });

  it('3: an internal error (standard output fails)', async () => {
    const broken = new Writable({ write: (_chunk, _enc, done) => done(Object.assign(new Error('disk on fire'), { code: 'EIO' })) });
    let stderr = '';
    const code = await runCli(['run', 'stdout.sluice.json'], { cwd: folder.dir, stdout: broken, stderr: (t) => (stderr += t) });
    expect(stderr).toMatch(/cannot write to standard output: disk on fire/);
    expect(code).toBe(3);
  });

  it('0: validate writes nothing and says what it checked', async () => {
    const run = await sluice(['validate', 'all-formats.sluice.json'], folder.dir);
    expect(run.stderr).toBe('sluice info: all-formats.sluice.json is valid: 1 source(s), 1 pipeline(s), every step binds.\n');
    expect(run.code).toBe(0);
  });

  it('explain prints how sources are read and the compiled SQL', async () => {
    const run = await sluice(['explain', 'stdout.sluice.json'], folder.dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`-- source "people": read_csv('${join(folder.dir, 'data/people.csv')}', delim=';', header=true, skip=0)`);
    expect(run.stdout).toContain('-- pipeline "ca"\nWITH "__sluice_input" AS (SELECT * FROM "people")');
  });
});

describe('logs', () => {
  it('--log-format json: one JSON object per line with time, level, message, step, rows, seconds', async () => {
    const run = await sluice(['run', 'all-formats.sluice.json', '--log-format', 'json', '--verbose'], folder.dir);
    expect(run.code).toBe(0);
    const lines = run.stderr.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(4);
    for (const line of lines) expect(Object.keys(line)).toEqual(['time', 'level', 'message', 'step', 'rows', 'seconds', 'status']);
    const wrote = lines.filter((l) => String(l.message).startsWith('wrote '));
    expect(wrote.map((l) => [l.level, l.step, l.rows])).toEqual([['info', 'ca', 2], ['info', 'ca', 2], ['info', 'ca', 2], ['info', 'ca', 2]]);
    expect(lines.some((l) => l.level === 'debug' && String(l.message).includes('COPY ('))).toBe(true);
    expect(new Date(String(lines[0]!.time)).getTime()).not.toBeNaN();
  });

  it('errors are logged as JSON too', async () => {
    const run = await sluice(['run', 'missing.sluice.json', '--log-format', 'json'], folder.dir);
    expect(run.code).toBe(2);
    const line = JSON.parse(run.stderr.trim()) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 'error', step: null, rows: null, seconds: null });
    expect(line.message).toMatch(/input file not found/);
  });
});
