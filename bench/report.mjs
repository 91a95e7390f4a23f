// The printed table (with the targets) and the JSON results.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const RESULTS_DIR = join(import.meta.dirname, 'results');

/** Targets from the issues (12: speed; 9: CLI and export; 10: checks; 11: pandas). Each says whether a row meets it (null: cannot tell). */
const TARGETS = {
  firstRows: { text: '≤ 0.5 s', met: (r) => (r.web === null ? null : r.web <= 0.5) },
  loadCsv: { text: '≤ 1.5× native', met: (r) => (r.ratio === null ? null : r.ratio <= 1.5) },
  scan: { text: '≤ 2× native', met: (r) => (r.ratio === null ? null : r.ratio <= 2) },
  jump: { text: '≤ 100 ms', met: (r) => (r.web === null ? null : r.web <= 0.1) },
  memory: { text: '≤ 100 MB', met: (r) => (r.web === null ? null : r.web <= 100) },
  preview: { text: '≤ 300 ms', met: (r) => (r.web === null ? null : r.web <= 0.3) },
  cli: { text: '≤ 1.1× native', met: (r) => (r.ratio === null ? null : r.ratio <= 1.1) },
  checks: { text: '≤ 2× native', met: (r) => (r.ratio === null ? null : r.ratio <= 2) },
  pandasTime: { text: '≤ 1/15 of pandas', met: (r) => (r.ratio === null ? null : r.ratio <= 1 / 15) },
  pandasMemory: { text: '≤ 1/5 of pandas', met: (r) => (r.ratio === null ? null : r.ratio <= 1 / 5) },
};

const SCANS = [
  ['count', 'count(*)'],
  ['groupBy', 'group-by category → count, avg'],
  ['sortLimit', 'sort amount DESC limit 100'],
  ['profile', 'profile of one column (4 queries)'],
];

function row(measurement, native, web, target, unit = 's') {
  const ratio = typeof native === 'number' && typeof web === 'number' && native > 0 ? web / native : null;
  const r = { measurement, unit, native: native ?? null, web: web ?? null, ratio, target: target ? TARGETS[target].text : '', met: null };
  if (target) r.met = TARGETS[target].met(r);
  return r;
}

/** The table's rows for one format. */
function formatRows(label, native, web) {
  const rows = [
    row(`${label}: first rows (pick → grid)`, native?.firstRows.median, web?.firstRows, 'firstRows'),
    row(`${label}: full load + count`, native?.load.median, web?.loaded, label === 'CSV' ? 'loadCsv' : 'scan'),
    row(`${label}: … then compressed in memory (queries wait until then)`, null, web?.compressed ?? null, null),
  ];
  rows.push(row(`${label}: engine round trip (SELECT 1)`, native?.table.roundTrip.median, web?.queries.roundTrip.median, null));
  // count(*) of a loaded table is a few milliseconds on both sides: its ratio is the engine round trip's, not a scan's.
  for (const [key, name] of SCANS) rows.push(row(`${label}: ${name}, loaded table`, native?.table[key].median, web?.queries[key].median, key === 'count' ? null : 'scan'));
  if (web?.profile) {
    const first = row(`${label}: profile in the UI, first figures`, null, web.profile.firstFigures, null);
    const exact = row(`${label}: profile in the UI, exact figures`, native?.table.profile.median, web.profile.seconds, 'scan');
    if (web.profile.reason) first.note = exact.note = web.profile.reason;
    rows.push(first, exact);
  }
  if (web?.pipeline) {
    const add = row(`${label}: pipeline, add a filter step → preview`, null, web.pipeline.add?.preview, 'preview');
    const edit = row(`${label}: pipeline, edit the step → preview`, null, web.pipeline.edit?.preview, 'preview');
    const count = row(`${label}: pipeline, edit the step → exact row count`, null, web.pipeline.edit?.count, null);
    if (web.pipeline.reason) add.note = edit.note = count.note = web.pipeline.reason;
    rows.push(add, edit, count);
  }
  for (const e of Object.values(web?.exports ?? {})) {
    if (!e) continue;
    rows.push(row(`${label}: export all rows to ${e.format === 'csv' ? 'CSV' : 'Parquet'} from the app`, null, e.seconds, null));
    rows.push(row(`${label}: export to ${e.format === 'csv' ? 'CSV' : 'Parquet'}, JS heap growth`, null, e.heapGrowthMB, 'memory', 'MB'));
  }
  if (web?.jumpMiddle) rows.push(row(`${label}: row visible after jump to middle`, null, web.jumpMiddle.median, 'jump'));
  if (web?.jumpEnd) rows.push(row(`${label}: row visible after jump to end`, null, web.jumpEnd.seconds, 'jump'));
  if (web) {
    rows.push(row(`${label}: opening adds, renderer RSS (peak)`, null, web.memory.openRendererDeltaMB, 'memory', 'MB'));
    rows.push(row(`${label}: opening adds, JS heap`, null, web.memory.openJsHeapDeltaMB, 'memory', 'MB'));
    rows.push(row(`${label}: full load adds, renderer RSS`, null, web.memory.afterLoad.rendererMB - web.memory.before.rendererMB, null, 'MB'));
  }
  for (const [key, name] of SCANS) rows.push(row(`${label}: ${name}, over the file`, native?.file[key].median, null, null));
  return rows;
}

export function buildRows(native, web, cli, checks, pandas) {
  const rows = [...formatRows('CSV', native.csv, web.csv), ...formatRows('Parquet', native.parquet, web.parquet)];
  if (cli) rows.push(row('CLI: sluice run, filter + group-by + sort + write CSV (whole process)', cli.native.median, cli.cli.median, 'cli'));
  if (cli?.nativeChecked) rows.push(row('CLI: the same, against native + the type check the CLI makes (one more read)', cli.nativeChecked.median, cli.cli.median, null));
  if (checks) rows.push(row(`CLI: sluice validate, ${checks.checks.length} checks over the CSV (whole process)`, checks.native.median, checks.cli.median, 'checks'));
  if (pandas?.reason) rows.push({ ...row('pandas script (baseline) vs sluice run: wall time', null, null, 'pandasTime'), note: pandas.reason });
  else if (pandas) {
    rows.push(row('pandas script (baseline) vs sluice run: wall time', pandas.pandas.seconds, pandas.cli.seconds, 'pandasTime'));
    rows.push(row('pandas script (baseline) vs sluice run: peak memory (RSS)', pandas.pandas.peakMB, pandas.cli.peakMB, 'pandasMemory', 'MB'));
  }
  return rows;
}

const fmt = (v, unit) => (typeof v !== 'number' ? '—' : unit === 'MB' ? `${v.toFixed(1)} MB` : v.toFixed(3));

export function renderTable(rows) {
  const header = ['measurement', 'baseline (s)', 'Sluice (s)', 'ratio Sluice/baseline', 'target', 'met'];
  const lines = rows.map((r) => [
    r.measurement,
    fmt(r.native, r.unit),
    r.web === null && r.note ? `— (${r.note})` : fmt(r.web, r.unit),
    r.ratio === null ? '' : `${r.ratio < 0.1 ? r.ratio.toFixed(3) : r.ratio.toFixed(1)}×`,
    r.target,
    r.met === null ? '' : r.met ? 'yes' : 'MISSED',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const right = new Set([1, 2, 3]);
  const line = (cells) => cells.map((c, i) => (right.has(i) ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(line)].join('\n');
}

/** Write `results/<timestamp>.json` and `results/latest.json`; returns the timestamped path. */
export function writeResults(result) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  // ISO 8601 without colons, so the name is valid on every file system.
  const stamp = result.startedAt.replace(/\.\d+Z$/, 'Z').replaceAll(':', '-');
  const path = join(RESULTS_DIR, `${stamp}.json`);
  const text = `${JSON.stringify(result, null, 2)}\n`;
  writeFileSync(path, text);
  writeFileSync(join(RESULTS_DIR, 'latest.json'), text);
  return path;
}
