import { useEffect, useState } from 'react';
import { formatCount } from '../../shared/format-text.ts';
import { profileKind } from '../../shared/profile-sql.ts';
import type { Condition } from '../../shared/pipeline/document.ts';
import type { AppError } from '../../shared/result.ts';
import type { ColumnInfo } from '../data/types.ts';
import { Histogram } from './Histogram.tsx';
import { shortNumber, type ColumnProfile, type ProfileService } from './profile-service.ts';

interface Props {
  service: ProfileService;
  relation: string;
  version: string;
  column: ColumnInfo;
  rowCount: number | null;
  /** A view filter: a SQL predicate, a label, and (where it is exact) the same filter as a pipeline condition. */
  onFilter: (where: string, label: string, condition?: Condition) => void;
  onClose: () => void;
}

/** The top-value filter as a pipeline condition, for types where text equality is value equality. */
function exactCondition(column: ColumnInfo, value: string | null): Condition | undefined {
  if (value === null) return { kind: 'null', column: column.name };
  const type = column.type.toUpperCase();
  if (type === 'VARCHAR') return { kind: 'compare', column: column.name, op: '=', value };
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT)$/.test(type) && /^-?\d+$/.test(value) && Number.isSafeInteger(Number(value))) {
    return { kind: 'compare', column: column.name, op: '=', value: Number(value) };
  }
  return undefined;
}

const pct = (part: number, whole: number) => (whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : '0%');

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <p className="figure">
      <span className="figure-label">{label}</span> <span className="figure-value">{value}</span>
    </p>
  );
}

/** The "Column profile" region: figures, top values and a histogram; clicking a bar or value filters the grid. */
export function ProfilePanel({ service, relation, version, column, rowCount, onFilter, onClose }: Props) {
  const [profile, setProfile] = useState<ColumnProfile | null>(() => service.cached(relation, version, column.name) ?? null);
  const [error, setError] = useState<AppError | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setProfile(service.cached(relation, version, column.name) ?? null);
    setError(null);
    void service.profile(relation, version, column, rowCount, setProfile, controller.signal).then((result) => {
      if (!result.ok && result.error.kind !== 'cancelled') setError(result.error);
    });
    // Moving on (another column, dataset or version) cancels the work in DuckDB.
    return () => controller.abort();
  }, [service, relation, version, column, rowCount]);

  const kind = profileKind(column.type);
  return (
    <section className="profile" aria-label="Column profile">
      <header className="profile-header">
        <h2>{column.name}</h2>
        <button type="button" onClick={onClose} aria-label="Close column profile">×</button>
      </header>
      {error ? <p role="alert" className="error-text">Profile of {column.name} failed: {error.message}</p> : null}
      {!profile && !error ? <p className="muted" aria-live="polite">Profiling {column.name}…</p> : null}
      {profile ? (
        <>
          <p className="muted profile-stage" aria-live="polite">
            {profile.stage === 'sample' ? `Sample of the first ${formatCount(profile.sampleRows ?? 0)} rows; exact figures follow…` : 'Exact figures'}
          </p>
          <div className="figures">
            <Figure label="Type" value={column.type} />
            <Figure label="Rows" value={formatCount(profile.rows)} />
            <Figure label="Nulls" value={`${formatCount(profile.nulls)} (${pct(profile.nulls, profile.rows)})`} />
            <Figure label="Distinct" value={profile.distinctApproximate ? `≈ ${formatCount(profile.distinct)} (approximate)` : formatCount(profile.distinct)} />
            {profile.nan ? <Figure label="NaN" value={formatCount(profile.nan)} /> : null}
            {profile.empty ? <Figure label="Empty strings" value={`${formatCount(profile.empty)} (${pct(profile.empty, profile.rows)})`} /> : null}
            {profile.min !== null ? <Figure label="Min" value={profile.min} /> : null}
            {profile.max !== null ? <Figure label="Max" value={profile.max} /> : null}
            {profile.mean !== null ? <Figure label="Mean" value={profile.mean} /> : null}
            {profile.stddev !== null ? <Figure label="Std dev" value={profile.stddev} /> : null}
            {profile.quartiles ? <Figure label="Quartiles" value={profile.quartiles.join(' / ')} /> : null}
            {profile.length ? <Figure label="Length" value={`${profile.length.min}–${profile.length.max} (avg ${shortNumber(profile.length.avg)})`} /> : null}
          </div>
          {(kind === 'number' || kind === 'temporal') && profile.histogram.length > 0 ? (
            <Histogram
              label={column.name}
              bins={profile.histogram}
              onPick={(i) => {
                const bin = profile.histogram[i];
                if (bin) onFilter(bin.where, `${column.name} in ${bin.label}`, bin.condition);
              }}
            />
          ) : null}
          <h3>Most common values</h3>
          <ul className="top-values" aria-label={`Most common values of ${column.name}`}>
            {profile.top.map((t) => (
              <li key={t.value ?? '\u0000null'}>
                <button
                  type="button"
                  className="top-value"
                  onClick={() => onFilter(t.where, t.value === null ? `${column.name} is NULL` : `${column.name} = ${t.value}`, exactCondition(column, t.value))}
                  title={t.value ?? 'NULL'}
                >
                  <span className={t.value === null ? 'cell-null' : ''}>{t.value === null ? 'NULL' : t.value === '' ? '(empty)' : t.value}</span>
                  <span className="top-count">{formatCount(t.count)}</span>
                  <span className="top-bar" style={{ width: `${profile.rows > 0 ? (100 * t.count) / profile.rows : 0}%` }} />
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
