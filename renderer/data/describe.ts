import { ident } from '../../shared/sql/quote.ts';
import type { Result } from '../../shared/result.ts';
import type { EngineClient } from '../engine/client.ts';
import type { ColumnInfo } from './types.ts';

/** The columns of a table or view, in order. */
export async function describeRelation(engine: EngineClient, name: string, signal?: AbortSignal): Promise<Result<ColumnInfo[]>> {
  const rows = await engine.rows(`DESCRIBE ${ident(name)}`, signal ? { signal } : {});
  if (!rows.ok) return rows;
  return { ok: true, value: rows.value.map((r) => ({ name: String(r[0]), type: String(r[1]) })) };
}

export async function countRows(engine: EngineClient, name: string, signal?: AbortSignal): Promise<Result<number>> {
  const rows = await engine.rows(`SELECT count(*) FROM ${ident(name)}`, signal ? { signal } : {});
  if (!rows.ok) return rows;
  return { ok: true, value: Number(rows.value[0]?.[0] ?? 0) };
}
