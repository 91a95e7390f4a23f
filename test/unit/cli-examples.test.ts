import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, sluice, tempFolder } from '../support/cli.ts';
import { openNative, type NativeDb } from '../support/native.ts';

/**
 * Every config in examples/ runs, on a copy of the folder (so the repo's examples/out stays untouched),
 * from another working directory: outputs land beside the config, as documented.
 */

let copy: { dir: string; remove: () => void };
let cwd: { dir: string; remove: () => void };
let native: NativeDb;

beforeAll(async () => {
  copy = tempFolder();
  cwd = tempFolder();
  cpSync(join(REPO, 'examples'), copy.dir, { recursive: true, filter: (src) => !src.includes(`${join('examples', 'out')}/`) || src.endsWith('.gitignore') });
  native = await openNative();
});
afterAll(() => {
  copy.remove();
  cwd.remove();
  native.close();
});

const config = (name: string) => join(copy.dir, `${name}.sluice.json`);
const out = (file: string) => join(copy.dir, 'out', file);

describe('examples', () => {
  it('airports-by-state (a saved project, no outputs): the last pipeline as CSV on stdout', async () => {
    const run = await sluice(['run', config('airports-by-state')], cwd.dir);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('state,airports,mean elevation,first decade,codes');
    expect(lines).toHaveLength(9);
    expect(lines[1]).toMatch(/^CA,18,/);
    // The other pipelines bind too.
    expect((await sluice(['validate', config('airports-by-state')], cwd.dir)).code).toBe(0);
    const west = await sluice(['run', config('airports-by-state'), '--output', 'west coast=-', '--quiet'], cwd.dir);
    expect(west.stdout.split('\n')[0]).toBe('code,name,city,state');
    expect(west.stdout.trim().split('\n')).toHaveLength(1 + 8 + 7 + 18);
  });

  it('flight-delays (NDJSON, JSON and CSV sources; joins, windows, pivot): three outputs', async () => {
    const run = await sluice(['run', config('flight-delays'), '--log-format', 'json'], cwd.dir);
    expect(run.code).toBe(0);
    const wrote = run.stderr.trim().split('\n').map((l) => JSON.parse(l) as { message: string; rows: number }).filter((l) => l.message.startsWith('wrote'));
    expect(wrote.map((l) => l.rows)).toEqual([22, 4, 80]);
    const csv = readFileSync(out('delays-by-carrier.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('carrier_name,month,flights,mean_delay,worst_delay,miles,rank_in_month,miles_to_date,previous_mean_delay');
    expect(await native.columns(`SELECT * FROM read_parquet('${out('delay-by-state.parquet')}')`)).toEqual(['carrier VARCHAR', 'CA DOUBLE', 'TX DOUBLE', 'FL DOUBLE', 'NY DOUBLE']);
    const routes = readFileSync(out('routes.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { origin: string; dest: string });
    expect(new Set(routes.map((r) => `${r.origin}-${r.dest}`)).size).toBe(routes.length);
  });

  it('sales-cleanup (CSV with saved options; text, dates, dedupe, unpivot, sample): three outputs', async () => {
    const run = await sluice(['run', config('sales-cleanup'), '--quiet'], cwd.dir);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const clean = JSON.parse(readFileSync(out('sales-clean.json'), 'utf8')) as { order_id: number; region: string; ordered: string; order_code: string; revenue: number }[];
    expect(clean).toHaveLength(90);
    expect(new Set(clean.map((r) => r.order_id)).size).toBe(90);
    expect(new Set(clean.map((r) => r.region))).toEqual(new Set(['north', 'south', 'east', 'west']));
    expect(clean[0]).toMatchObject({ order_id: 1001, ordered: '2024-06-01', order_code: '00001001' });
    expect(readFileSync(out('revenue-by-region-month.csv'), 'utf8').split('\n')[0]).toBe('region,month,revenue,orders,median_qty');
    expect(await native.rows(`SELECT count(*), count(DISTINCT order_id) FROM read_parquet('${out('order-lines-long.parquet')}')`)).toEqual([[24n, 12n]]);
  });

  it('airport-checks (a saved project with checks): validate exits 1 with the count; run writes only the quarantine output and the report', async () => {
    const validate = await sluice(['validate', config('airport-checks')], cwd.dir);
    expect(validate.code).toBe(1);
    expect(validate.stderr).toContain('FAIL range(latitude, 25..45): 11 rows (15.3%)');
    expect(validate.stderr).toContain('WARN not_null(elevation_ft): 5 rows (6.9%)');
    expect(validate.stderr).toContain('5 checks: 1 failed, 1 warning, 3 passed.');
    const run = await sluice(['run', config('airport-checks'), '--report', 'report.json'], cwd.dir);
    expect(run.code).toBe(1);
    expect(existsSync(out('western-airports.csv'))).toBe(false);
    const quarantined = readFileSync(out('western-airports.quarantine.csv'), 'utf8').trim().split('\n');
    expect(quarantined[0]).toBe('iata,name,state,latitude,longitude,elevation_ft,failed_checks');
    expect(quarantined).toHaveLength(1 + 25);
    const report = JSON.parse(readFileSync(join(cwd.dir, 'report.json'), 'utf8')) as { verdict: string; results: { id: string; failing: number }[] };
    expect(report.verdict).toBe('failed');
    expect(report.results.map((r) => [r.id, r.failing])).toEqual([['iata_unique', 0], ['some_rows', 0], ['lat_range', 11], ['elevation_known', 5], ['western_state', 25]]);
  });
});
