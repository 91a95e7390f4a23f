import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { expect, test, type Page } from '@playwright/test';
import { fixture, openApp, pickFiles } from './support/app.ts';

/**
 * Exports by clicking, in web mode. The browser's save picker is stubbed with one that streams each chunk to
 * a real file here (through `page.exposeFunction`), written as the browser's own picker writes it: to a
 * temporary file, moved into place on close, dropped on abort. The files are read back with native DuckDB
 * and compared with the same rows computed natively from the source file; the config runs with the CLI.
 */

const REPO = join(import.meta.dirname, '..');
let out: string;
let db: DuckDBConnection;
const airports = fixture('airports.csv').replaceAll("'", "''");

test.beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'sluice-e2e-export-'));
  db = await (await DuckDBInstance.create(':memory:')).connect();
  const built = spawnSync(process.execPath, [join(REPO, 'scripts', 'build-cli.mjs')], { cwd: REPO, encoding: 'utf8' });
  if (built.status !== 0) throw new Error(built.stderr);
});
test.afterAll(() => {
  db.closeSync();
  rmSync(out, { recursive: true, force: true });
});

/** The stub picker: `window.__sluiceSaveAs` names the file the "user" types; chunks go to Node as base64. */
async function stubSavePicker(page: Page): Promise<void> {
  const files = new Map<string, Buffer[]>();
  await page.exposeFunction('__sluiceSaveChunk', (name: string, op: 'write' | 'close' | 'abort', base64: string) => {
    const chunks = files.get(name) ?? [];
    files.set(name, chunks);
    if (op === 'write') chunks.push(Buffer.from(base64, 'base64'));
    if (op === 'abort') files.delete(name);
    if (op === 'close') {
      writeFileSync(join(out, name), Buffer.concat(chunks));
      files.delete(name);
    }
  });
  await page.addInitScript(() => {
    const send = (window as unknown as { __sluiceSaveChunk: (name: string, op: string, base64: string) => Promise<void> }).__sluiceSaveChunk;
    const toBase64 = (bytes: Uint8Array) => {
      let text = '';
      for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return btoa(text);
    };
    Object.assign(window, {
      showSaveFilePicker: (options: { suggestedName: string }) => {
        const w = window as unknown as { __sluiceSaveAs?: string; __sluiceSuggested?: string[] };
        (w.__sluiceSuggested ??= []).push(options.suggestedName);
        const name = w.__sluiceSaveAs ?? options.suggestedName;
        return Promise.resolve({
          name,
          createWritable: () =>
            Promise.resolve({
              write: (data: Uint8Array) => send(name, 'write', toBase64(data)),
              close: () => send(name, 'close', ''),
              abort: () => send(name, 'abort', ''),
            }),
        });
      },
    });
  });
}

const saveAs = (page: Page, name: string) => page.evaluate((n) => Object.assign(window, { __sluiceSaveAs: n }), name);
const rowCount = (page: Page) => page.locator('.dataset-header .row-count');

async function exportAs(page: Page, item: string, name: string, configure?: (dialog: ReturnType<Page['getByRole']>) => Promise<void>): Promise<string> {
  await saveAs(page, name);
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await page.getByRole('menuitem', { name: item }).click();
  const dialog = page.getByRole('dialog', { name: `Export ${item.replace('…', '')}` });
  await configure?.(dialog);
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  const status = dialog.getByRole('status');
  await expect(status).toHaveText(new RegExp(`^Exported [\\d,]+ rows to ${name.replace('.', '\\.')}\\.$`));
  const text = (await status.textContent()) ?? '';
  await dialog.getByRole('button', { name: 'Close' }).click();
  return text;
}

/** Rows in one query and not the other, both ways; and the two column lists (names and types). */
async function compare(ours: string, expected: string): Promise<{ missing: number; extra: number; ourColumns: string; expectedColumns: string }> {
  const scalar = async (sql: string) => String((await db.runAndReadAll(sql)).getRowsJS()[0]?.[0]);
  const columns = (sql: string) => scalar(`SELECT string_agg(column_name || ' ' || column_type, ', ') FROM (DESCRIBE ${sql})`);
  return {
    missing: Number(await scalar(`SELECT count(*) FROM (${expected} EXCEPT ALL ${ours})`)),
    extra: Number(await scalar(`SELECT count(*) FROM (${ours} EXCEPT ALL ${expected})`)),
    ourColumns: await columns(ours),
    expectedColumns: await columns(expected),
  };
}

const same = { missing: 0, extra: 0 };

test('exports a filtered dataset and a pipeline step to CSV and Parquet, and a config the CLI runs', async ({ page }) => {
  test.setTimeout(120_000);
  await stubSavePicker(page);
  await openApp(page);
  await pickFiles(page, 'airports.csv');
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();
  const nativeCa = `SELECT * FROM read_csv('${airports}') WHERE state = 'CA'`;
  const caCount = Number((await db.runAndReadAll(`SELECT count(*) FROM (${nativeCa})`)).getRowsJS()[0]?.[0]);

  // A filtered dataset: the profile's top value CA filters the grid (a view filter, not yet a step).
  await page.getByRole('button', { name: 'Column menu for state' }).click();
  await page.getByRole('menuitem', { name: 'Profile' }).click();
  const profile = page.getByRole('region', { name: 'Column profile' });
  await expect(profile.getByText('Exact figures')).toBeVisible({ timeout: 30_000 });
  await profile.getByRole('button', { name: /^CA/ }).click();
  await expect(rowCount(page)).toHaveText(`${caCount.toLocaleString('en-US')} rows`);

  expect(await exportAs(page, 'CSV…', 'ca.csv')).toBe(`Exported ${caCount.toLocaleString('en-US')} rows to ca.csv.`);
  expect(await compare(`SELECT * FROM read_csv('${join(out, 'ca.csv')}')`, nativeCa)).toMatchObject(same);
  await exportAs(page, 'Parquet…', 'ca.parquet', async (d) => {
    await d.getByLabel('Compression').selectOption('zstd');
  });
  const pq = await compare(`SELECT * FROM read_parquet('${join(out, 'ca.parquet')}')`, nativeCa);
  expect(pq).toMatchObject(same);
  expect(pq.ourColumns).toBe(pq.expectedColumns);

  // CSV options: semicolons, no header.
  await exportAs(page, 'CSV…', 'ca-semi.csv', async (d) => {
    await d.getByLabel('Delimiter').selectOption({ label: 'Semicolon (;)' });
    await d.getByLabel('Header row').uncheck();
  });
  expect(await compare(`SELECT * FROM read_csv('${join(out, 'ca-semi.csv')}', delim = ';', header = false, names = ['iata', 'name', 'city', 'state', 'latitude', 'longitude'])`, nativeCa)).toMatchObject(same);

  // A pipeline step: the filter becomes step 1, a rename step 2; step 1 is shown and exported.
  await page.getByRole('button', { name: 'Make it a pipeline step' }).click();
  const pipeline = page.getByRole('region', { name: 'Pipeline' });
  await expect(pipeline.getByRole('listitem').filter({ hasText: 'Filter state = CA' })).toBeVisible();
  await page.getByRole('button', { name: 'Column menu for city' }).click();
  await page.getByRole('menuitem', { name: 'Rename…' }).click();
  await page.getByRole('dialog').getByLabel('New name').fill('town');
  await page.getByRole('dialog').getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByRole('button', { name: 'Column menu for town' })).toBeVisible();

  await exportAs(page, 'Parquet…', 'ca-town.parquet');
  const renamed = await compare(`SELECT * FROM read_parquet('${join(out, 'ca-town.parquet')}')`, `SELECT * RENAME (city AS town) FROM (${nativeCa})`);
  expect(renamed).toMatchObject(same);
  expect(renamed.ourColumns).toBe(renamed.expectedColumns);

  await pipeline.getByRole('listitem').filter({ hasText: 'Filter state = CA' }).getByRole('button', { name: /Filter state = CA/ }).click();
  await expect(page.getByRole('button', { name: 'Column menu for city' })).toBeVisible();
  await exportAs(page, 'CSV…', 'step1.csv');
  expect(await compare(`SELECT * FROM read_csv('${join(out, 'step1.csv')}')`, nativeCa)).toMatchObject(same);

  // The suggested names follow what is shown: the dataset, then the pipeline.
  expect(await page.evaluate(() => (window as unknown as { __sluiceSuggested: string[] }).__sluiceSuggested)).toEqual(['airports.csv', 'airports.parquet', 'airports.csv', 'airports_result.parquet', 'airports_result.csv']);

  // The pipeline config, with a declared output; run by the CLI beside a copy of the data (web mode: file names).
  await saveAs(page, 'ca.sluice.json');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Pipeline config…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export pipeline config' });
  await dialog.getByRole('button', { name: 'Add output' }).click();
  await dialog.getByLabel('Format of output 1').selectOption({ label: 'Parquet' });
  await dialog.getByLabel('File name of output 1').fill('ca-cli.parquet');
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(dialog.getByRole('status')).toHaveText(/^Exported the pipeline config to ca\.sluice\.json\./);
  copyFileSync(fixture('airports.csv'), join(out, 'airports.csv'));
  const run = spawnSync(process.execPath, [join(REPO, 'bin', 'sluice.mjs'), 'run', join(out, 'ca.sluice.json')], { cwd: tmpdir(), encoding: 'utf8' });
  expect(run.stderr).not.toMatch(/error/i);
  expect(run.status).toBe(0);
  const cli = await compare(`SELECT * FROM read_parquet('${join(out, 'ca-cli.parquet')}')`, `SELECT * FROM read_parquet('${join(out, 'ca-town.parquet')}')`);
  expect(cli).toMatchObject(same);
  expect(cli.ourColumns).toBe(cli.expectedColumns);
});

test('a cancelled export writes nothing', async ({ page }) => {
  // Large enough for several 4 MB writes.
  const big = join(out, 'big-input.csv');
  await db.run(`COPY (SELECT i AS id, 'row number ' || i AS label, i * 0.5 AS half FROM range(400000) t(i)) TO '${big}' (FORMAT csv, HEADER true)`);
  await stubSavePicker(page);
  await openApp(page);
  await page.getByLabel('Open files').setInputFiles(big);
  await expect(page.getByText('400,000 rows', { exact: true }).first()).toBeVisible({ timeout: 30_000 });
  // Hold the first write until Cancel is pressed, so the export is surely mid-way.
  await page.evaluate(() => {
    const w = window as unknown as { __sluiceSaveChunk: (...a: unknown[]) => Promise<void>; __release?: () => void };
    const original = w.__sluiceSaveChunk;
    let writes = 0;
    w.__sluiceSaveChunk = (...args: unknown[]) => (args[1] === 'write' && ++writes === 1 ? new Promise<void>((resolve) => (w.__release = resolve)).then(() => original(...args)) : original(...args));
  });
  await saveAs(page, 'cancelled.csv');
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await page.getByRole('menuitem', { name: 'CSV…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export CSV' });
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(dialog.getByRole('progressbar', { name: 'Export progress' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await page.evaluate(() => (window as unknown as { __release?: () => void }).__release?.());
  await expect(dialog.getByRole('alert')).toHaveText('Export cancelled: cancelled.csv was not written.');
  expect(existsSync(join(out, 'cancelled.csv'))).toBe(false);
  expect(readdirSync(out).filter((f) => f.startsWith('cancelled'))).toEqual([]);
});

test('exports the pipeline as a SQL script and a Python script that give the rows the app shows', async ({ page }) => {
  test.setTimeout(120_000);
  await stubSavePicker(page);
  await openApp(page);
  await pickFiles(page, 'airports.csv');
  await expect(page.getByText('3,376 rows', { exact: true }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Column menu for state', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Filter…' }).click();
  await page.getByRole('dialog').getByLabel('Value').fill('CA');
  await page.getByRole('dialog').getByRole('button', { name: 'Apply' }).click();
  const nativeCa = `SELECT * FROM read_csv('${airports}') WHERE state = 'CA'`;
  const caCount = Number((await db.runAndReadAll(`SELECT count(*) FROM (${nativeCa})`)).getRowsJS()[0]?.[0]);
  await expect(rowCount(page)).toHaveText(`${caCount.toLocaleString('en-US')} rows`);

  const scriptAs = async (item: string, name: string) => {
    await saveAs(page, name);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByRole('menuitem', { name: item }).click();
    const dialog = page.getByRole('dialog', { name: `Export ${item.replace('…', '')}` });
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
    await expect(dialog.getByRole('status')).toHaveText(new RegExp(`^Exported the (SQL|Python) script to ${name.replace('.', '\\.')}\\.`));
    await dialog.getByRole('button', { name: 'Close' }).click();
  };
  await scriptAs('SQL script…', 'ca.sql');
  await scriptAs('Python script…', 'ca.py');
  // Web mode: the scripts name the data by file name, so they run beside a copy of it.
  copyFileSync(fixture('airports.csv'), join(out, 'airports.csv'));

  // The SQL script, run by native DuckDB from the data's folder: its last statement shows the rows.
  const script = readFileSync(join(out, 'ca.sql'), 'utf8');
  const last = /SELECT \* FROM ("(?:[^"]|"")+");\s*$/.exec(script);
  expect(last, script).not.toBeNull();
  const scriptDb = await (await DuckDBInstance.create(':memory:')).connect();
  await scriptDb.run(`SET file_search_path = '${out.replaceAll("'", "''")}'`);
  await scriptDb.run(script.slice(0, last!.index));
  const fromSql = (await scriptDb.runAndReadAll(`SELECT count(*), count(*) FILTER (WHERE state = 'CA') FROM ${last![1]}`)).getRowsJS()[0];
  scriptDb.closeSync();
  expect(fromSql?.map(Number)).toEqual([caCount, caCount]);

  // The Python script, run by Debian's pandas, writes its result where it is told.
  const py = spawnSync('/usr/bin/python3', [join(out, 'ca.py'), '--output-airports-result', join(out, 'ca-from-python.csv')], { cwd: out, encoding: 'utf8' });
  if (py.status !== 0) {
    const help = spawnSync('/usr/bin/python3', [join(out, 'ca.py'), '--help'], { cwd: out, encoding: 'utf8' });
    throw new Error(`python failed (${py.status}): ${py.stderr}\n${help.stdout}`);
  }
  expect(await compare(`SELECT * FROM read_csv('${join(out, 'ca-from-python.csv')}')`, nativeCa)).toMatchObject(same);
});
