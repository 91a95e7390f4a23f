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
  /** A view filter: the condition keeping a bar's or a value's rows, and its label. */
  onFilter: (condition: Condition, label: string) => void;
  onClose: () => void;
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
                if (bin) onFilter(bin.condition, `${column.name} in ${bin.label}`);
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
                  onClick={() => onFilter(t.condition, t.value === null ? `${column.name} is NULL` : `${column.name} = ${t.value}`)}
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
