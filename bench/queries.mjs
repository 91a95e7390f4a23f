// The SQL both sides run, over a relation: a file read (`read_csv('…')`), a loaded table or the app's dataset view.
// A scan is a list of statements run in order; `{0}`, `{1}` in a statement are replaced by the
// previous statement's first-row values (the histogram needs the range found before it).

/** A double-quoted SQL identifier. */
export const ident = (name) => `"${name.replaceAll('"', '""')}"`;
/** A single-quoted SQL string. */
export const str = (text) => `'${text.replaceAll("'", "''")}'`;

/** The column the profile measures: a DOUBLE with nulls. */
export const PROFILE_COLUMN = 'score';
/** Up to this many rows the app counts distinct values exactly (renderer/profile/profile-service.ts). */
const EXACT_DISTINCT_LIMIT = 1_000_000;

/**
 * The app's exact profile of a DOUBLE column, as shared/profile-sql.ts writes it: summary figures,
 * top 10 values, the range, then 20 histogram bins. Keep in step with that file.
 */
export function profileSteps(relation, rows, column = PROFILE_COLUMN) {
  const src = `(SELECT ${ident(column)} AS v FROM ${relation})`;
  const clean = 'CASE WHEN isnan(v) OR isinf(v) THEN NULL ELSE v END';
  const x = `CASE WHEN isnan(v) OR isinf(v) THEN NULL ELSE CAST(v AS DOUBLE) END`;
  const distinct = rows <= EXACT_DISTINCT_LIMIT ? 'count(DISTINCT v)' : 'approx_count_distinct(v)';
  const summary = `SELECT count(*) AS rows, count(*) - count(v) AS nulls, ${distinct} AS distinct_values,
  count(*) FILTER (WHERE isnan(v)) AS nan, NULL AS empty,
  CAST(min(${clean}) AS VARCHAR) AS min, CAST(max(${clean}) AS VARCHAR) AS max,
  avg(CAST(${clean} AS DOUBLE)) AS mean, stddev_samp(CAST(${clean} AS DOUBLE)) AS stddev,
  CAST(quantile_cont(CAST(${clean} AS DOUBLE), 0.25) AS VARCHAR) AS q25,
  CAST(quantile_cont(CAST(${clean} AS DOUBLE), 0.5) AS VARCHAR) AS q50,
  CAST(quantile_cont(CAST(${clean} AS DOUBLE), 0.75) AS VARCHAR) AS q75,
  NULL AS len_min, NULL AS len_avg, NULL AS len_max
FROM ${src}`;
  const top = `SELECT CAST(v AS VARCHAR) AS value, v IS NULL AS is_null, count(*) AS n FROM ${src} GROUP BY v ORDER BY n DESC, value NULLS LAST LIMIT 10`;
  const range = `SELECT min(${x}) AS lo, max(${x}) AS hi FROM ${src}`;
  const histogram = `SELECT least(19, greatest(0, CAST(floor((${x} - {0}) / (({1} - {0}) / 20)) AS INTEGER))) AS bin, count(*) AS n
FROM ${src} WHERE ${x} IS NOT NULL GROUP BY bin ORDER BY bin`;
  return [summary, top, range, histogram];
}

/** The scans measured on both sides, by name, each a list of statements. */
export function scanQueries(relation, rows) {
  return {
    roundTrip: ['SELECT 1'],
    count: [`SELECT count(*) FROM ${relation}`],
    groupBy: [`SELECT category, count(*) AS n, avg(amount) AS avg_amount FROM ${relation} GROUP BY category ORDER BY category`],
    sortLimit: [`SELECT * FROM ${relation} ORDER BY amount DESC LIMIT 100`],
    profile: profileSteps(relation, rows),
  };
}

/** Fill `{i}` with the previous statement's first-row values. Also used inside the page, so self-contained. */
export function fillStep(sql, previousRow) {
  return sql.replace(/\{(\d+)\}/g, (_, i) => String(Number(previousRow[Number(i)])));
}

/** The grid's first page, as the app asks for it (200 rows). */
export const firstPageSql = (relation) => `SELECT * FROM ${relation} LIMIT 200`;
