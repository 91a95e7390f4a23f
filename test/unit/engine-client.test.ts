import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineClient } from '../../renderer/engine/client.ts';
import { startAsyncEngine, type AsyncEngine } from '../support/async-engine.ts';

/**
 * The renderer's engine client on the real DuckDB-WASM engine in its worker: errors as data, the
 * one-statement rule for compiled SQL, cancel, and the scheduler (interactive first, background
 * preempted and re-run, holds).
 */

let engine: AsyncEngine;
let client: EngineClient;
beforeAll(async () => {
  engine = await startAsyncEngine();
  client = new EngineClient(engine.db);
});
afterAll(() => engine.close());

/** A query that keeps the single-threaded engine busy for a while (about a second here). */
const SLOW = 'SELECT CAST(sum(i % 7) AS BIGINT) AS s FROM range(100000000) t(i)';

const value = async (sql: string, options: Parameters<EngineClient['rows']>[1] = {}) => {
  const result = await client.rows(sql, options);
  if (!result.ok) throw new Error(result.error.message);
  return result.value[0]?.[0];
};

describe('engine client', () => {
  it('returns rows, and errors as data with their position', async () => {
    expect(await value('SELECT 40 + 2')).toBe(42);
    const failed = await client.query('SELECT nosuch FROM range(3)');
    expect(failed.ok).toBe(false);
    if (!failed.ok) {
      expect(failed.error.kind).toBe('binder');
      expect(failed.error.message).toMatch(/nosuch/);
      expect(failed.error.position).toBe(7);
    }
  });

  it('runs compiled SQL only as one statement, and refuses before running any', async () => {
    const refused = await client.query("CREATE TABLE pwned AS SELECT 1 AS v; SELECT 'x'");
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.error.message).toMatch(/more than one statement/);
    expect(await value("SELECT count(*) FROM duckdb_tables() WHERE table_name = 'pwned'")).toBe(0n);
    // Console text runs as typed.
    const script = await client.query('CREATE TEMP TABLE typed AS SELECT 1 AS v; SELECT v + 1 FROM typed', { origin: 'console' });
    expect(script.ok && script.value.getChildAt(0)?.get(0)).toBe(2);
  });

  it('hands a prefetched read to the first identical request only, and drops it when data may change', async () => {
    await client.run('CREATE TABLE pre AS SELECT 1 AS v', { origin: 'internal' });
    const sql = 'SELECT v FROM pre';
    client.prefetch(sql);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // Changed behind the client's back: the prefetched answer (1) is what the next request gets, once.
    const conn = await engine.db.connect();
    await conn.query('UPDATE pre SET v = 2');
    expect(await value(sql)).toBe(1);
    expect(await value(sql)).toBe(2);
    // A statement through the client drops what was not taken.
    client.prefetch(sql);
    await client.run('UPDATE pre SET v = 3', { origin: 'internal' });
    expect(await value(sql)).toBe(3);
    await conn.close();
  });

  it('cancels a running query and stays usable', async () => {
    const stop = new AbortController();
    const running = client.query(SLOW, { signal: stop.signal });
    setTimeout(() => stop.abort(), 50);
    const result = await running;
    expect(result).toEqual({ ok: false, error: { kind: 'cancelled', message: 'Cancelled.' } });
    expect(await value('SELECT 1')).toBe(1);
  });

  it('a cancelled statement leaves no transaction open: checkpoints still run', async () => {
    const stop = new AbortController();
    const running = client.run('CREATE TABLE cancelled_copy AS SELECT i, CAST(i AS VARCHAR) AS s FROM range(60000000) t(i)', { origin: 'internal', signal: stop.signal });
    setTimeout(() => stop.abort(), 100);
    expect((await running).ok).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await client.run('CHECKPOINT', { origin: 'internal' })).toEqual({ ok: true, value: undefined });
  });

  it('starts background queries only after interactive ones', async () => {
    const finished: string[] = [];
    const interactive = client.query(SLOW).then(() => finished.push('interactive'));
    const background = client.query('SELECT 1', { priority: 'background' }).then(() => finished.push('background'));
    await Promise.all([interactive, background]);
    expect(finished).toEqual(['interactive', 'background']);
  });

  it('preempts a running background query for an interactive one, then re-runs it to the same answer', async () => {
    const expected = await value(SLOW);
    const finished: string[] = [];
    const background = client.rows(SLOW, { priority: 'background' }).then((r) => {
      finished.push('background');
      return r;
    });
    // Let the background query start, then ask for something interactive.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await client.query('SELECT 1').then(() => finished.push('interactive'));
    const result = await background;
    expect(finished).toEqual(['interactive', 'background']);
    expect(result.ok && result.value[0]?.[0]).toBe(expected);
    expect(expected).toBe(299999995n);
  });

  it('holds background queries until a chain of interactive work is done', async () => {
    let release: () => void = () => undefined;
    const until = new Promise<void>((resolve) => (release = resolve));
    client.hold(until, 10_000);
    const order: string[] = [];
    const background = client.query('SELECT 1', { priority: 'background' }).then(() => order.push('background'));
    await new Promise((resolve) => setTimeout(resolve, 200));
    order.push('released');
    release();
    await background;
    expect(order).toEqual(['released', 'background']);
  });
});
