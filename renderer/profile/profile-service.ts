import type { Condition } from '../../shared/pipeline/document.ts';
import { binPredicate, histogramSql, profileKind, rangeSql, summarySql, topValuesSql, valuePredicate, type ProfileTarget } from '../../shared/profile-sql.ts';
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
  top: { value: string | null; count: number; where: string }[];
  /** Bins: the view filter of each, and for numbers the same filter as a pipeline condition. */
  histogram: { label: string; count: number; where: string; condition?: Condition }[];
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

/** A numeric figure from DuckDB's text: integers exactly, other numbers shortened. */
function numText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const t = String(v);
  return /^-?\d+$/.test(t) ? t : shortNumber(Number(t));
}

function labelFor(type: string, x: number): string {
  if (profileKind(type) === 'temporal') {
    const iso = new Date(x * 1000).toISOString();
    return type.toUpperCase() === 'DATE' ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  return shortNumber(x);
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
      const lo = range.value[0]?.[0];
      const hi = range.value[0]?.[1];
      if (lo !== null && lo !== undefined && hi !== null && hi !== undefined) {
        const low = Number(lo);
        const high = Number(hi);
        const bins = high > low ? BINS : 1;
        const counts = await this.engine.rows(histogramSql(target, column.name, column.type, low, high, bins), opts);
        if (!counts.ok) return counts;
        const width = high > low ? (high - low) / bins : 0;
        const byBin = new Map(counts.value.map((r) => [Number(r[0]), Number(r[1])]));
        histogram = Array.from({ length: bins }, (_, i) => {
          const from = low + i * width;
          const to = i === bins - 1 ? high : low + (i + 1) * width;
          return {
            label: bins === 1 ? labelFor(column.type, low) : `${labelFor(column.type, from)} – ${labelFor(column.type, to)}`,
            count: byBin.get(i) ?? 0,
            where: binPredicate(column.name, column.type, from, to, i === bins - 1),
            ...(kind === 'number' ? { condition: binCondition(column.name, from, to, i === bins - 1) } : {}),
          };
        });
      }
    }

    const rows = n(s[0]);
    const numeric = kind === 'number';
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
        min: numeric ? numText(s[5]) : text(s[5]),
        max: numeric ? numText(s[6]) : text(s[6]),
        mean: s[7] == null ? null : numeric ? shortNumber(Number(s[7])) : String(s[7]),
        stddev: s[8] == null ? null : shortNumber(Number(s[8])),
        quartiles: s[9] == null ? null : [String(numeric ? numText(s[9]) : s[9]), String(numeric ? numText(s[10]) : s[10]), String(numeric ? numText(s[11]) : s[11])],
        length: s[12] == null ? null : { min: n(s[12]), avg: n(s[13]), max: n(s[14]) },
        top: top.value.map((r) => {
          const value = r[1] ? null : text(r[0]);
          return { value, count: n(r[2]), where: valuePredicate(column.name, value) };
        }),
        histogram,
      },
    };
  }
}

/**
 * A number bin as a filter condition: the same rows as `binPredicate` (NaN and infinities fall in
 * no bin: NaN sorts above every number in DuckDB, so neither bound holds for it or for ±inf).
 * Dates and times stay view filters: their bins are in epoch seconds, which no condition expresses.
 */
function binCondition(column: string, from: number, to: number, last: boolean): Condition {
  return {
    kind: 'group',
    op: 'and',
    items: [
      { kind: 'compare', column, op: '>=', value: from },
      { kind: 'compare', column, op: last ? '<=' : '<', value: to },
    ],
  };
}
