import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsvSql } from '../../shared/csv-options.ts';
import { compilePipeline, pipelineQuery } from '../../shared/pipeline/compile.ts';
import type { PipelineDocument, Source } from '../../shared/pipeline/document.ts';
import { configJson, pipelineConfig, relativePath } from '../../shared/pipeline/export-config.ts';
import { parseProject } from '../../shared/pipeline/project.ts';
import { ident } from '../../shared/sql/quote.ts';
import { sluice, tempFolder } from '../support/cli.ts';
import { startEngine, type TestEngine } from '../support/engine.ts';
import { openNative, type NativeDb } from '../support/native.ts';
import { engineRows, expectSameRows } from '../support/parity.ts';

/** "Pipeline config…": the shown pipeline as a runnable document, paths relative to the config; the CLI gives the app's rows. */

const AIRPORTS = 'iata,airport,city,state,lat\nLAX,Los Angeles Intl,Los Angeles,CA,33.94\nJFK,John F Kennedy Intl,New York,NY,40.64\nSFO,San Francisco Intl,San Francisco,CA,37.62\nSAN,San Diego Intl,San Diego,CA,32.73\n';
const STATES = 'code,name\nCA,California\nNY,New York\n';

const source = (id: string, path: string, name: string): Source => ({ id, name, file: { path, name: path.split(/[\\/]/).pop()!, size: 100 }, format: 'csv', csv: { delimiter: ',', header: true } });

function doc(airportsPath: string, statesPath: string): PipelineDocument {
  return {
    format: 'sluice.pipeline',
    version: 2,
    sources: [source('src_1', airportsPath, 'airports'), source('src_2', statesPath, 'states'), source('src_3', '/elsewhere/unused.csv', 'unused')],
    pipelines: [
      { id: 'p_2', name: 'states_result', input: { kind: 'source', id: 'src_2' }, steps: [{ id: 's0', kind: 'rename', enabled: true, renames: [{ from: 'name', to: 'state_name' }] }] },
      {
        id: 'p_1',
        name: 'airports_result',
        input: { kind: 'source', id: 'src_1' },
        steps: [
          { id: 's1', kind: 'filter', enabled: true, condition: { kind: 'compare', column: 'state', op: '=', value: 'CA' } },
          { id: 's2', kind: 'join', enabled: true, with: { kind: 'pipeline', id: 'p_2' }, how: 'left', on: [{ left: 'state', right: 'code' }] },
          { id: 's3', kind: 'sort', enabled: true, keys: [{ column: 'iata', direction: 'asc' }] },
        ],
      },
      { id: 'p_3', name: 'unused_result', input: { kind: 'source', id: 'src_3' }, steps: [] },
    ],
    checks: [],
    outputs: [],
  };
}

describe('relative paths', () => {
  it.each([
    ['/home/u/work', '/home/u/work/airports.csv', 'airports.csv'],
    ['/home/u/work', '/home/u/work/data/airports.csv', 'data/airports.csv'],
    ['/home/u/work/configs', '/home/u/data/airports.csv', '../../data/airports.csv'],
    ['/', '/data/a.csv', 'data/a.csv'],
    ['C:\\Users\\u\\work', 'C:\\Users\\u\\work\\data\\a.csv', 'data/a.csv'],
    ['C:\\Users\\u\\work', 'c:\\users\\u\\Data\\a.csv', '../Data/a.csv'],
    ['C:\\work', 'D:\\data\\a.csv', 'D:/data/a.csv'],
  ])('from %s to %s: %s', (from, to, expected) => {
    expect(relativePath(from, to)).toBe(expected);
  });
});

describe('the config document', () => {
  it('holds the shown pipeline and what it reads, with paths relative to the config, and the chosen outputs', () => {
    const made = pipelineConfig({ doc: doc('/home/u/data/airports.csv', '/home/u/data/ref/states.csv'), pipelineId: 'p_1', configDir: '/home/u/configs', outputs: [{ fileName: 'ca.parquet', format: 'parquet' }] });
    if (!made.ok) throw new Error(made.error);
    expect(made.value.sources.map((s) => [s.id, s.file.path])).toEqual([
      ['src_1', '../data/airports.csv'],
      ['src_2', '../data/ref/states.csv'],
    ]);
    expect(made.value.pipelines.map((p) => p.id)).toEqual(['p_2', 'p_1']);
    expect(made.value.outputs).toEqual([{ pipeline: 'p_1', path: 'ca.parquet', format: 'parquet' }]);
    // It reads back as a project would.
    const parsed = parseProject(configJson(made.value));
    expect(parsed.ok && parsed.value.pipeline).toEqual(made.value);
  });

  it('keeps the checks of the pipelines it holds, with the sources their relationships read', () => {
    const d = doc('/d/airports.csv', '/d/states.csv');
    d.checks = [
      { id: 'in', kind: 'relationship', severity: 'error', pipeline: 'p_1', columns: ['state'], to: { kind: 'source', id: 'src_3', columns: ['state'] } },
      { id: 'gone', kind: 'not_null', severity: 'warn', pipeline: 'p_3', column: 'x' },
    ] as PipelineDocument['checks'];
    const made = pipelineConfig({ doc: d, pipelineId: 'p_1', configDir: '/d', outputs: [] });
    if (!made.ok) throw new Error(made.error);
    expect(made.value.checks.map((c) => c.id)).toEqual(['in']);
    expect(made.value.sources.map((s) => s.id)).toEqual(['src_1', 'src_2', 'src_3']);
    expect(parseProject(configJson(made.value)).ok).toBe(true);
  });

  it('in web mode, the paths are the file names', () => {
    const made = pipelineConfig({ doc: doc('airports.csv', 'states.csv'), pipelineId: 'p_1', configDir: null, outputs: [] });
    expect(made.ok && made.value.sources.map((s) => s.file.path)).toEqual(['airports.csv', 'states.csv']);
  });

  it('refuses outputs with folders, and a missing pipeline', () => {
    expect(pipelineConfig({ doc: doc('a.csv', 'b.csv'), pipelineId: 'p_1', configDir: null, outputs: [{ fileName: '../x.csv', format: 'csv' }] })).toEqual({ ok: false, error: 'The output "../x.csv" must be a file name, without folders.' });
    expect(pipelineConfig({ doc: doc('a.csv', 'b.csv'), pipelineId: 'nope', configDir: null, outputs: [] })).toEqual({ ok: false, error: 'There is no pipeline to export.' });
  });
});

describe('the exported config runs with the CLI', () => {
  let wasm: TestEngine;
  let native: NativeDb;
  let folder: { dir: string; remove: () => void };
  beforeAll(async () => {
    wasm = await startEngine();
    native = await openNative();
    folder = tempFolder({ 'data/airports.csv': AIRPORTS, 'data/ref/states.csv': STATES });
    mkdirSync(join(folder.dir, 'configs'));
    for (const [name, path] of [['airports', 'data/airports.csv'], ['states', 'data/ref/states.csv']] as const) {
      wasm.run(`CREATE TABLE ${name} AS SELECT * FROM ${readCsvSql(join(folder.dir, path), { delimiter: ',', header: true })}`);
    }
  }, 60_000);
  afterAll(() => {
    wasm.close();
    native.close();
    folder.remove();
  });

  it('from another folder, giving the rows the app engine gives', async () => {
    const original = doc(join(folder.dir, 'data/airports.csv'), join(folder.dir, 'data/ref/states.csv'));
    const configDir = join(folder.dir, 'configs');
    const made = pipelineConfig({ doc: original, pipelineId: 'p_1', configDir, outputs: [{ fileName: 'ca.csv', format: 'csv' }, { fileName: 'ca.parquet', format: 'parquet' }] });
    if (!made.ok) throw new Error(made.error);
    writeFileSync(join(configDir, 'ca.sluice.json'), configJson(made.value));

    const run = await sluice(['run', join(configDir, 'ca.sluice.json')], folder.dir);
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);

    const appSql = pipelineQuery(compilePipeline(original, 'p_1', { sourceSql: (s) => ident(s.name) }));
    const app = await engineRows(appSql, (sql) => wasm.rows(sql));
    expect(app.rows).toHaveLength(3);
    for (const read of [`read_csv('${join(configDir, 'ca.csv')}')`, `read_parquet('${join(configDir, 'ca.parquet')}')`]) {
      const cli = await engineRows(`SELECT * FROM ${read}`, (sql) => native.rows(sql));
      expectSameRows(app, cli, read);
    }
    expect(readFileSync(join(configDir, 'ca.csv'), 'utf8').split('\n')[0]).toBe('iata,airport,city,state,lat,code,state_name');
  });
});
