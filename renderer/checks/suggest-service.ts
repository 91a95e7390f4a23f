import { MAX_ACCEPTED_VALUES, parseCountsSql, suggestChecks, type ColumnStats, type Suggestion } from '../../shared/checks/suggest.ts';
import type { PipelineDocument } from '../../shared/pipeline/document.ts';
import { profileKind, summarySql, topValuesSql } from '../../shared/profile-sql.ts';
import type { Result } from '../../shared/result.ts';
import { ident } from '../../shared/sql/quote.ts';
import type { ColumnInfo } from '../data/types.ts';
import type { EngineClient } from '../engine/client.ts';
import { checkedRowsView } from './check-engine.ts';
import { EXACT_DISTINCT_LIMIT } from '../profile/profile-service.ts';

/**
 * "Suggest checks": the column profiles' figures (the same SQL as the profile panel, `profile-sql.ts`,
 * with values kept as DuckDB's exact text) over the rows at the check's place, turned into
 * suggestions by the shared `suggestChecks`.
 */

const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const orNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Profile figures of each column, as `suggestChecks` reads them. */
export async function columnStats(engine: EngineClient, relation: string, columns: readonly ColumnInfo[], signal: AbortSignal): Promise<Result<ColumnStats[]>> {
  const opts = { signal, priority: 'background' as const };
  const counted = await engine.rows(`SELECT count(*) FROM ${ident(relation)}`, opts);
  if (!counted.ok) return counted;
  const exactDistinct = n(counted.value[0]?.[0]) <= EXACT_DISTINCT_LIMIT;
  const stats: ColumnStats[] = [];
  for (const column of columns) {
    const target = { relation };
    const summary = await engine.rows(summarySql(target, column.name, column.type, exactDistinct), opts);
    if (!summary.ok) return summary;
    const s = summary.value[0] ?? [];
    const top = await engine.rows(topValuesSql(target, column.name, MAX_ACCEPTED_VALUES + 1), opts);
    if (!top.ok) return top;
    let parses: ColumnStats['parses'];
    if (profileKind(column.type) === 'text') {
      const parsed = await engine.rows(parseCountsSql(ident(relation), column.name), opts);
      if (!parsed.ok) return parsed;
      const p = parsed.value[0] ?? [];
      parses = { number: n(p[0]), date: n(p[1]), timestamp: n(p[2]) };
    }
    stats.push({
      name: column.name,
      type: column.type,
      rows: n(s[0]),
      nulls: n(s[1]),
      distinct: n(s[2]),
      distinctExact: exactDistinct,
      min: text(s[5]),
      max: text(s[6]),
      nan: orNull(s[3]),
      empty: orNull(s[4]),
      lenMin: orNull(s[12]),
      lenMax: orNull(s[14]),
      topValues: top.value.map((r) => ({ value: r[1] ? null : text(r[0]), count: n(r[2]) })),
      ...(parses ? { parses } : {}),
    });
  }
  return { ok: true, value: stats };
}

/** Suggested checks for the rows at a place of a pipeline (after a step, or its output). */
export async function suggestFor(engine: EngineClient, doc: PipelineDocument, place: { pipeline: string; after?: string }, signal: AbortSignal): Promise<Result<Suggestion[]>> {
  const view = await checkedRowsView(engine, doc, place, signal);
  if (!view.ok) return view;
  const stats = await columnStats(engine, view.value.relation, view.value.columns, signal);
  void engine.run(`DROP VIEW IF EXISTS ${ident(view.value.relation)}`);
  if (!stats.ok) return stats;
  return { ok: true, value: suggestChecks({ ...place, columns: stats.value, now: new Date().toISOString(), existingIds: doc.checks.map((c) => c.id) }) };
}
