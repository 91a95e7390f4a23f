import type { Condition } from '../../shared/pipeline/document.ts';
import { binCondition, binLabel, histogramEdges, histogramSql, rangeSql, valueCondition } from '../../shared/profile-filters.ts';
import { profileKind, summarySql, topValuesSql, type ProfileTarget } from '../../shared/profile-sql.ts';
import { isDecimalType } from '../../shared/sql-types.ts';
import type { Result } from '../../shared/result.ts';
import type { EngineClient } from '../engine/client.ts';
import type { ColumnInfo } from '../data/types.ts';

/** A column profile as the panel shows it. Values are display text; counts are numbers. */
export interface ColumnProfile {
  column: ColumnInfo;
  /** 'sample' for the fast first pass over the first rows, 'exact' when complete. */
  stage: 'sample' | 'exact';
  sampleRows: number | null;
  rows: number;
  nulls: number;
  distinct: number;
  distinctApproximate: boolean;
  nan: number | null;
  empty: number | null;
  min: string | null;
  max: string | null;
  mean: string | null;
  stddev: string | null;
  quartiles: [string, string, string] | null;
  length: { min: number; avg: number; max: number } | null;
  /** The most common values, each with the condition that keeps its rows. */
  top: { value: string | null; count: number; condition: Condition }[];
  /** Bins, each counted by the condition that keeps its rows. */
  histogram: { label: string; count: number; condition: Condition }[];
}

export const SAMPLE_ROWS = 10_000;
/** Above this many rows, distinct counts use DuckDB's HyperLogLog estimate. */
export const EXACT_DISTINCT_LIMIT = 1_000_000;
const BINS = 20;
const TOP = 10;

const n = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const text = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** Numbers for display: integers as is, others to at most 6 significant digits. */
export function shortNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(6)));
}

/** A numeric figure from DuckDB's text: integers and decimals exactly (never through a double), other numbers shortened. */
function numText(v: unknown, exact: boolean): string | null {
  if (v === null || v === undefined) return null;
  const t = String(v);
  return exact || /^-?\d+$/.test(t) ? t : shortNumber(Number(t));
}

/**
 * Computes column profiles in the background (a sample first, then exact figures), caches them per
 * relation version and column, and cancels work nobody is waiting for.
 */
export class ProfileService {
  private readonly cache = new Map<string, ColumnProfile>();

  constructor(private readonly engine: EngineClient) {}

  cached(relation: string, version: string, column: string): ColumnProfile | undefined {
    return this.cache.get(`${relation}\u0000${version}\u0000${column}`);
  }

  async profile(
    relation: string,
    version: string,
    column: ColumnInfo,
    knownRows: number | null,
    onStage: (profile: ColumnProfile) => void,
    signal: AbortSignal,
  ): Promise<Result<ColumnProfile>> {
    const key = `${relation}\u0000${version}\u0000${column.name}`;
    const hit = this.cache.get(key);
    if (hit) {
      onStage(hit);
      return { ok: true, value: hit };
    }
    if (knownRows === null || knownRows > SAMPLE_ROWS * 5) {
      const sample = await this.compute({ relation, sampleRows: SAMPLE_ROWS }, column, true, signal);
      if (!sample.ok) return sample;
      onStage({ ...sample.value, stage: 'sample', sampleRows: SAMPLE_ROWS });
    }
    const exactDistinct = knownRows !== null && knownRows <= EXACT_DISTINCT_LIMIT;
    const exact = await this.compute({ relation }, column, exactDistinct, signal);
    if (!exact.ok) return exact;
    this.cache.set(key, exact.value);
    if (this.cache.size > 200) this.cache.delete(this.cache.keys().next().value as string);
    onStage(exact.value);
    return exact;
  }

  private async compute(target: ProfileTarget, column: ColumnInfo, exactDistinct: boolean, signal: AbortSignal): Promise<Result<ColumnProfile>> {
    const opts = { signal, priority: 'background' as const };
    const summary = await this.engine.rows(summarySql(target, column.name, column.type, exactDistinct), opts);
    if (!summary.ok) return summary;
    const s = summary.value[0] ?? [];
    const top = await this.engine.rows(topValuesSql(target, column.name, TOP), opts);
    if (!top.ok) return top;

    const kind = profileKind(column.type);
    let histogram: ColumnProfile['histogram'] = [];
    if (kind === 'number' || kind === 'temporal') {
      const range = await this.engine.rows(rangeSql(target, column.name, column.type), opts);
      if (!range.ok) return range;
      const [lo, hi, minText, maxText] = range.value[0] ?? [];
      if (lo != null && hi != null && minText != null && maxText != null) {
        const edges = histogramEdges(column.type, { lo: Number(lo), hi: Number(hi), minText: String(minText), maxText: String(maxText) }, BINS);
        const counts = await this.engine.rows(histogramSql(target, column.name, edges), opts);
        if (!counts.ok) return counts;
        const byBin = new Map(counts.value.map((r) => [Number(r[0]), Number(r[1])]));
        histogram = Array.from({ length: edges.length - 1 }, (_, i) => ({
          label: binLabel(column.type, edges, i, shortNumber),
          count: byBin.get(i) ?? 0,
          condition: binCondition(column.name, edges, i),
        }));
      }
    }

    const rows = n(s[0]);
    const numeric = kind === 'number';
    const exact = isDecimalType(column.type);
    return {
      ok: true,
      value: {
        column,
        stage: target.sampleRows !== undefined ? 'sample' : 'exact',
        sampleRows: target.sampleRows ?? null,
        rows,
        nulls: n(s[1]),
        distinct: n(s[2]),
        distinctApproximate: !exactDistinct,
        nan: s[3] === null || s[3] === undefined ? null : n(s[3]),
        empty: s[4] === null || s[4] === undefined ? null : n(s[4]),
        min: numeric ? numText(s[5], exact) : text(s[5]),
        max: numeric ? numText(s[6], exact) : text(s[6]),
        mean: s[7] == null ? null : numeric ? shortNumber(Number(s[7])) : String(s[7]),
        stddev: s[8] == null ? null : shortNumber(Number(s[8])),
        quartiles: s[9] == null ? null : [String(numeric ? numText(s[9], false) : s[9]), String(numeric ? numText(s[10], false) : s[10]), String(numeric ? numText(s[11], false) : s[11])],
        length: s[12] == null ? null : { min: n(s[12]), avg: n(s[13]), max: n(s[14]) },
        top: top.value.map((r) => {
          const value = r[1] ? null : text(r[0]);
          return { value, count: n(r[2]), condition: valueCondition(column.name, column.type, value) };
        }),
        histogram,
      },
    };
  }
}
