import { useEffect, useState } from 'react';
import { formatCount } from '../../shared/format-text.ts';
import { overviewSql } from '../../shared/profile-sql.ts';
import type { AppError } from '../../shared/result.ts';
import type { EngineClient } from '../engine/client.ts';
import type { ColumnInfo } from '../data/types.ts';

interface Props {
  engine: EngineClient;
  relation: string;
  version: string;
  columns: ColumnInfo[];
  onProfile: (column: ColumnInfo) => void;
  onClose: () => void;
}

interface Row {
  column: ColumnInfo;
  nullPct: number;
  distinct: number;
}

const cache = new Map<string, { rows: number; columns: Row[] }>();

/** The "Dataset overview" region: every column's type, null % and approximate distinct count, in one scan. */
export function OverviewPanel({ engine, relation, version, columns, onProfile, onClose }: Props) {
  const key = `${relation}\u0000${version}`;
  const [data, setData] = useState(() => cache.get(key) ?? null);
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => {
    const hit = cache.get(key);
    setData(hit ?? null);
    setError(null);
    if (hit) return;
    const controller = new AbortController();
    void engine.rows(overviewSql(relation, columns.map((c) => c.name)), { signal: controller.signal, priority: 'background' }).then((result) => {
      if (!result.ok) {
        if (result.error.kind !== 'cancelled') setError(result.error);
        return;
      }
      const r = result.value[0] ?? [];
      const rows = Number(r[0] ?? 0);
      const value = {
        rows,
        columns: columns.map((column, i) => {
          const nonNull = Number(r[1 + 2 * i] ?? 0);
          return { column, nullPct: rows > 0 ? (100 * (rows - nonNull)) / rows : 0, distinct: Number(r[2 + 2 * i] ?? 0) };
        }),
      };
      cache.set(key, value);
      setData(value);
    });
    return () => controller.abort();
  }, [engine, key, relation, columns]);

  return (
    <section className="profile" aria-label="Dataset overview">
      <header className="profile-header">
        <h2>Overview</h2>
        <button type="button" onClick={onClose} aria-label="Close dataset overview">×</button>
      </header>
      {error ? <p role="alert" className="error-text">Overview failed: {error.message}</p> : null}
      {!data && !error ? <p className="muted">Scanning {relation}…</p> : null}
      {data ? (
        <table className="overview">
          <caption className="muted">{formatCount(data.rows)} rows · distinct counts are approximate</caption>
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Type</th>
              <th scope="col">Null %</th>
              <th scope="col">Distinct</th>
            </tr>
          </thead>
          <tbody>
            {data.columns.map((c) => (
              <tr key={c.column.name}>
                <th scope="row">
                  <button type="button" className="link" onClick={() => onProfile(c.column)} title={`Profile ${c.column.name}`}>
                    {c.column.name}
                  </button>
                </th>
                <td>{c.column.type}</td>
                <td className="num">{c.nullPct.toFixed(1)}</td>
                <td className="num">≈ {formatCount(c.distinct)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
