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

/** `SELECT <columns in key order> FROM relation`: keys first in their order, any other column after them. */
export async function selectInKeyOrder(engine: EngineClient, relation: string, keys: readonly string[]): Promise<Result<string>> {
  const columns = await describeRelation(engine, relation);
  if (!columns.ok) return columns;
  const present = new Set(columns.value.map((c) => c.name));
  const ordered = [...keys.filter((k) => present.has(k)), ...columns.value.map((c) => c.name).filter((n) => !keys.includes(n))];
  return { ok: true, value: `SELECT ${ordered.map(ident).join(', ')} FROM ${ident(relation)}` };
}
