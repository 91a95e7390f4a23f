import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CsvOptions } from '../../shared/csv-options.ts';
import { emptyDocument, type InputRef, type PipelineDocument, type Source, type Step, type StepDraft } from '../../shared/pipeline/document.ts';
import { configText, REPO, tempFolder } from '../support/cli.ts';
import type { TargetRows } from '../support/differential.ts';
import { startEngine, type TestEngine } from '../support/engine.ts';
import { openNative, type NativeDb } from '../support/native.ts';
import { appTarget, expectCliSame, expectPandasRefuses, expectPandasSame, expectSqlScriptSame, loadAppCsv, loadAppJson, ordered, type TargetCase } from '../support/targets.ts';

/**
 * The script corpus (issue 11): realistic pipelines over real public files — vega-datasets (airports, zip
 * codes with leading zeros, movies with NULLs and Unicode titles, cars, Seattle weather, stocks, gapminder)
 * and csv-spectrum (quoted commas, escaped quotes, newlines in fields, UTF-8, empty fields) — copied into a
 * temporary folder (some under names with spaces and punctuation) and run by the four targets of the
 * differential suite (support/targets.ts): the app's engine (sources read as the app reads them), the CLI,
 * the generated SQL script and the generated pandas script. Every target must give the app's rows; a
 * refusal by the pandas export is asserted with its message, never skipped.
 */

/** A JSON text for each kind of value (numbers as DuckDB writes them: 2.0, 1e-7, 1e21, 10000000000000000.0), a key missing from most rows. */
const MIXED_KINDS = `[
  {"id": 1, "v": "text é", "w": "x"}, {"id": 2, "v": 7, "w": 1}, {"id": 3, "v": 2.50, "w": "x"}, {"id": 4, "v": -0.0, "w": 3},
  {"id": 5, "v": 1e+300, "w": "x"}, {"id": 6, "v": 1.5e-7, "w": 5}, {"id": 7, "v": 0.00001, "w": "x"}, {"id": 8, "x": 2.0, "v": 1e16, "w": 7},
  {"id": 9, "v": 1E21, "w": "x"}, {"id": 10, "v": 123456789012345678901234567890, "w": 9}, {"id": 11, "v": null, "w": "x"},
  {"id": 12, "v": {"a": [1, "x", null, {"b": false}], "c d": 0.5}, "w": 11}, {"id": 13, "v": true, "w": "x"},
  {"id": 14, "v": "tab\\there \\"q\\" \\\\ \\u0001 \\u00e9", "w": 13}, {"id": 15, "v": [], "w": "x"}, {"id": 16, "v": {}, "w": 15},
  {"id": 17, "v": 100, "w": 100.0}, {"id": 18, "v": 3.0, "w": -1e-300}
]`;

const VEGA = join(REPO, 'node_modules', 'vega-datasets', 'data');
const SPECTRUM = join(REPO, 'node_modules', 'csv-spectrum', 'csvs');

interface CorpusFile {
  /** The file in the package (or the file's text), and its name in the temporary folder. */
  from: string | { text: string };
  file: string;
  format: 'csv' | 'json';
  csv?: CsvOptions;
}

/** The sources, by table name. */
const FILES: Record<string, CorpusFile> = {
  airports: { from: join(VEGA, 'airports.csv'), file: 'airports.csv', format: 'csv' },
  zipcodes: { from: join(VEGA, 'zipcodes.csv'), file: 'zip codes (US, 2024).csv', format: 'csv' },
  movies: { from: join(VEGA, 'movies.json'), file: 'movies & films.json', format: 'json' },
  cars: { from: join(VEGA, 'cars.json'), file: 'cars.json', format: 'json' },
  weather: { from: join(VEGA, 'seattle-weather.csv'), file: 'seattle weather.csv', format: 'csv' },
  stocks: { from: join(VEGA, 'stocks.csv'), file: 'stocks.csv', format: 'csv' },
  gapminder: { from: join(VEGA, 'gapminder.json'), file: 'gapminder.json', format: 'json' },
  comma_in_quotes: { from: join(SPECTRUM, 'comma_in_quotes.csv'), file: 'comma_in_quotes.csv', format: 'csv' },
  escaped_quotes: { from: join(SPECTRUM, 'escaped_quotes.csv'), file: 'escaped_quotes.csv', format: 'csv' },
  newlines: { from: join(SPECTRUM, 'newlines.csv'), file: 'newlines.csv', format: 'csv' },
  newlines_crlf: { from: join(SPECTRUM, 'newlines_crlf.csv'), file: 'newlines_crlf.csv', format: 'csv' },
  quotes_and_newlines: { from: join(SPECTRUM, 'quotes_and_newlines.csv'), file: 'quotes_and_newlines.csv', format: 'csv' },
  utf8: { from: join(SPECTRUM, 'utf8.csv'), file: 'utf8.csv', format: 'csv' },
  empty_fields: { from: join(SPECTRUM, 'empty.csv'), file: 'empty fields.csv', format: 'csv' },
  json_text: { from: join(SPECTRUM, 'json.csv'), file: 'json.csv', format: 'csv' },
  coordinates: { from: join(SPECTRUM, 'location_coordinates.csv'), file: 'location_coordinates.csv', format: 'csv' },
  /** Values of different kinds under one key (read_json's JSON type; movies.json's titles): held as JSON text. */
  mixed: { from: { text: MIXED_KINDS }, file: 'mixed kinds.json', format: 'json' },
};

let n = 0;
const step = (s: StepDraft): Step => ({ id: `c${++n}`, enabled: true, ...s }) as Step;
const sortBy = (...columns: string[]) => step({ kind: 'sort', keys: columns.map((column) => ({ column, direction: 'asc' as const })) });

interface CorpusCase {
  name: string;
  source: keyof typeof FILES;
  steps: Step[];
  /** The pandas export refuses this pipeline, with this reason. */
  pandasRefuses?: RegExp;
}

const CASES: CorpusCase[] = [
  {
    name: 'airports: California, renamed to names with spaces and punctuation, northernmost first',
    source: 'airports',
    steps: [
      step({ kind: 'filter', condition: { kind: 'compare', column: 'state', op: '=', value: 'CA' } }),
      step({ kind: 'select', columns: ['iata', 'name', 'city', 'latitude', 'longitude'] }),
      step({ kind: 'rename', renames: [{ from: 'name', to: 'Airport name' }, { from: 'latitude', to: 'lat.' }, { from: 'longitude', to: 'long. (°)' }, { from: 'iata', to: 'IATA/FAA code' }] }),
      step({ kind: 'sort', keys: [{ column: 'lat.', direction: 'desc' }, { column: 'IATA/FAA code', direction: 'asc' }] }),
      step({ kind: 'limit', count: 25 }),
    ],
  },
  {
    name: 'airports: per state, count, text trimmed and upper-cased, a coalesced derived column',
    source: 'airports',
    steps: [
      step({ kind: 'text', column: 'city', op: 'upper', into: 'CITY' }),
      step({ kind: 'derive', name: 'where', expression: "coalesce(state, '??') || ' / ' || country" }),
      step({ kind: 'aggregate', groupBy: ['where'], aggregations: [{ fn: 'count', as: 'airports' }, { fn: 'count_distinct', column: 'CITY', as: 'cities' }, { fn: 'max', column: 'latitude', as: 'north' }] }),
      sortBy('where'),
    ],
  },
  {
    name: 'zip codes: leading zeros stay text (00501), length derived, counted per state',
    source: 'zipcodes',
    steps: [
      step({ kind: 'filter', condition: { kind: 'text', column: 'zip_code', op: 'starts_with', value: '0' } }),
      step({ kind: 'derive', name: 'digits', expression: 'length(zip_code)' }),
      step({ kind: 'aggregate', groupBy: ['state', 'digits'], aggregations: [{ fn: 'count', as: 'zips' }, { fn: 'min', column: 'zip_code', as: 'first zip' }, { fn: 'max', column: 'zip_code', as: 'last zip' }] }),
      sortBy('state', 'digits'),
    ],
  },
  {
    name: 'zip codes: the first ones, passed through (00501, 00544, …)',
    source: 'zipcodes',
    steps: [step({ kind: 'filter', condition: { kind: 'text', column: 'zip_code', op: 'regex', value: '^00[5-9]' } }), sortBy('zip_code')],
  },
  {
    name: 'movies: rated 7+ (NULL ratings out), genre NULLs filled, average and count per genre',
    source: 'movies',
    steps: [
      step({ kind: 'filter', condition: { kind: 'compare', column: 'IMDB Rating', op: '>=', value: 7 } }),
      step({ kind: 'fill_null', column: 'Major Genre', value: '(no genre)' }),
      step({ kind: 'aggregate', groupBy: ['Major Genre'], aggregations: [{ fn: 'count', as: 'movies' }, { fn: 'avg', column: 'IMDB Rating', as: 'avg rating' }, { fn: 'max', column: 'Worldwide Gross', as: 'best gross' }, { fn: 'count', column: 'Rotten Tomatoes Rating', as: 'with RT' }] }),
      step({ kind: 'sort', keys: [{ column: 'movies', direction: 'desc' }, { column: 'Major Genre', direction: 'asc' }] }),
    ],
  },
  {
    name: 'movies: release dates parsed (%b %d %Y), titles with non-ASCII letters or numbers (JSON text), by date',
    source: 'movies',
    steps: [
      step({ kind: 'parse_date', column: 'Release Date', format: '%b %d %Y', into: 'released' }),
      step({ kind: 'date_part', column: 'released', part: 'year', into: 'year' }),
      step({ kind: 'filter', condition: { kind: 'group', op: 'or', items: [{ kind: 'text', column: 'Title', op: 'regex', value: '[^ -~]' }, { kind: 'in', column: 'Title', values: ['1776', '300', '"Ray"'] }] } }),
      step({ kind: 'select', columns: ['Title', 'Director', 'Distributor', 'released', 'year', 'US DVD Sales'] }),
      sortBy('released', 'Director'),
    ],
  },
  {
    name: 'cars: NULL mileage and horsepower, per origin and year (dates from text)',
    source: 'cars',
    steps: [
      step({ kind: 'cast', column: 'Year', to: 'DATE' }),
      step({ kind: 'date_part', column: 'Year', part: 'year', into: 'model year' }),
      step({ kind: 'derive', name: 'lbs per hp', expression: 'Weight_in_lbs / Horsepower' }),
      step({ kind: 'aggregate', groupBy: ['Origin', 'model year'], aggregations: [{ fn: 'count', as: 'cars' }, { fn: 'count', column: 'Miles_per_Gallon', as: 'with mpg' }, { fn: 'avg', column: 'Miles_per_Gallon', as: 'mpg' }, { fn: 'median', column: 'lbs per hp', as: 'median lbs/hp' }] }),
      sortBy('Origin', 'model year'),
    ],
  },
  {
    name: 'cars: the rows with a NULL, filled, deduplicated by name (last kept)',
    source: 'cars',
    steps: [
      step({ kind: 'filter', condition: { kind: 'group', op: 'or', items: [{ kind: 'null', column: 'Miles_per_Gallon' }, { kind: 'null', column: 'Horsepower' }] } }),
      step({ kind: 'fill_null', column: 'Horsepower', value: -1 }),
      step({ kind: 'dedupe', columns: ['Name'], keep: 'last', orderBy: 'Acceleration' }),
      sortBy('Name'),
    ],
  },
  {
    name: 'Seattle weather: per month (date_trunc) and weather, precipitation and temperatures',
    source: 'weather',
    steps: [
      step({ kind: 'date_trunc', column: 'date', unit: 'month', into: 'month' }),
      step({ kind: 'aggregate', groupBy: ['month', 'weather'], aggregations: [{ fn: 'count', as: 'days' }, { fn: 'sum', column: 'precipitation', as: 'rain (mm)' }, { fn: 'max', column: 'temp_max', as: 'max °C' }, { fn: 'min', column: 'temp_min', as: 'min °C' }] }),
      sortBy('month', 'weather'),
    ],
  },
  {
    name: 'Seattle weather: day of week and quarter, windy days ranked within each year',
    source: 'weather',
    steps: [
      step({ kind: 'date_part', column: 'date', part: 'dayofweek', into: 'weekday' }),
      step({ kind: 'date_part', column: 'date', part: 'quarter', into: 'quarter' }),
      step({ kind: 'date_part', column: 'date', part: 'year', into: 'year' }),
      step({ kind: 'window', fn: 'rank', partitionBy: ['year'], orderBy: [{ column: 'wind', direction: 'desc' }], as: 'windiest' }),
      step({ kind: 'filter', condition: { kind: 'compare', column: 'windiest', op: '<=', value: 3 } }),
      sortBy('year', 'windiest', 'date'),
    ],
  },
  {
    name: 'Seattle weather: custom SQL (refused by pandas), wettest day of each kind of weather',
    source: 'weather',
    steps: [step({ kind: 'sql', query: 'SELECT weather, max(precipitation) AS "wettest (mm)", count(*) AS days FROM input GROUP BY weather ORDER BY weather' })],
    pandasRefuses: /step 1 "Custom SQL.*" cannot become pandas: custom SQL cannot become pandas/,
  },
  {
    name: 'airports: a deterministic sample (refused by pandas: DuckDB\'s hash of each row)',
    source: 'airports',
    steps: [step({ kind: 'sample', rows: 20, seed: 42 })],
    pandasRefuses: /cannot become pandas: the sample picks rows by DuckDB's hash of each row and the seed/,
  },
  {
    name: 'stocks: dates parsed with a format, running total and previous price per symbol',
    source: 'stocks',
    steps: [
      step({ kind: 'parse_date', column: 'date', format: '%b %d %Y', into: 'day' }),
      step({ kind: 'window', fn: 'running_sum', column: 'price', partitionBy: ['symbol'], orderBy: [{ column: 'day', direction: 'asc' }], as: 'running total' }),
      step({ kind: 'window', fn: 'lag', column: 'price', offset: 1, partitionBy: ['symbol'], orderBy: [{ column: 'day', direction: 'asc' }], as: 'previous' }),
      step({ kind: 'derive', name: 'change', expression: 'round(price - previous, 2)' }),
      sortBy('symbol', 'day'),
    ],
  },
  {
    name: 'gapminder: life expectancy pivoted by year, per country',
    source: 'gapminder',
    steps: [
      step({ kind: 'filter', condition: { kind: 'in', column: 'year', values: [1955, 2005] } }),
      step({ kind: 'cast', column: 'year', to: 'VARCHAR' }),
      step({ kind: 'pivot', on: 'year', value: 'life_expect', fn: 'avg', groupBy: ['country'], values: ['1955', '2005'] }),
      sortBy('country'),
    ],
  },
  {
    name: 'gapminder: 2005 unpivoted (fertility and life expectancy)',
    source: 'gapminder',
    steps: [
      step({ kind: 'filter', condition: { kind: 'compare', column: 'year', op: '=', value: 2005 } }),
      step({ kind: 'select', columns: ['country', 'fertility', 'life_expect'] }),
      step({ kind: 'unpivot', columns: ['fertility', 'life_expect'], nameColumn: 'measure', valueColumn: 'value' }),
      sortBy('country', 'measure'),
    ],
  },
  ...(['comma_in_quotes', 'escaped_quotes', 'newlines', 'newlines_crlf', 'quotes_and_newlines', 'utf8', 'empty_fields', 'json_text', 'coordinates'] as const).map((source): CorpusCase => ({
    name: `csv-spectrum ${source}: every cell passed through`,
    source,
    steps: [step({ kind: 'derive', name: 'row', expression: '1' })],
  })),
  {
    name: 'values of different kinds under one key: JSON text (strings quoted, doubles with .0, nested values minified)',
    source: 'mixed',
    steps: [sortBy('id')],
  },
  {
    name: 'csv-spectrum quotes and newlines: a filter on text holding a newline and quotes',
    source: 'quotes_and_newlines',
    steps: [step({ kind: 'filter', condition: { kind: 'text', column: 'b', op: 'contains', value: '"ha"' } }), step({ kind: 'text', column: 'b', op: 'upper', into: 'B' })],
  },
];

let wasm: TestEngine;
let native: NativeDb;
let folder: { dir: string; remove: () => void };
const refused: string[] = [];

function sourceOf(name: string): Source {
  const f = FILES[name]!;
  return { id: name, name, file: { path: f.file, name: f.file }, format: f.format, ...(f.csv ? { csv: f.csv } : {}) };
}

function corpusDocument(c: CorpusCase, i: number): PipelineDocument {
  const refs = c.steps.flatMap((s): InputRef[] => (s.kind === 'join' ? [s.with] : s.kind === 'union' ? s.with : []));
  const names = [c.source, ...refs.filter((r) => r.kind === 'source').map((r) => r.id)];
  return {
    ...emptyDocument(),
    sources: [...new Set(names)].map(sourceOf),
    pipelines: [{ id: 'main', name: 'main', input: { kind: 'source', id: c.source }, steps: c.steps }],
    outputs: [{ pipeline: 'main', path: `out-${i}.csv`, format: 'csv' }],
  };
}

beforeAll(async () => {
  wasm = await startEngine();
  native = await openNative();
  folder = tempFolder();
  for (const [name, f] of Object.entries(FILES)) {
    const copy = (to: string) => (typeof f.from === 'string' ? copyFileSync(f.from, to) : writeFileSync(to, f.from.text));
    copy(join(folder.dir, f.file));
    // The app registers each file with DuckDB-WASM under a name of its own; DuckDB-WASM's Node file system
    // globs the path, so the app's copy has a plain name.
    const plain = join(folder.dir, `app-${name}.${f.format}`);
    copy(plain);
    if (f.format === 'csv') await loadAppCsv(wasm, plain, sourceOf(name));
    else await loadAppJson(wasm, plain, 'array', name, 64 * 1024, 16 * 1024);
  }
}, 180_000);
afterAll(() => {
  wasm?.close();
  native?.close();
  folder?.remove();
  if (refused.length > 0) console.info(`pandas refused ${refused.length} corpus case(s):\n${refused.join('\n')}`);
});

it('the app reads the zip codes as text: leading zeros kept', () => {
  expect(wasm.rows(`SELECT zip_code, typeof(zip_code) FROM zipcodes LIMIT 2`)).toEqual([['00501', 'VARCHAR'], ['00544', 'VARCHAR']]);
});

describe.each(CASES.map((c, i) => ({ ...c, i })))('$name', (c) => {
  const doc = corpusDocument(c, c.i);
  const target = (): TargetCase => ({ name: c.name, dir: folder.dir, config: `corpus-${c.i}.sluice.json`, tag: `corpus-${c.i}`, doc, ordered: ordered(c.steps) });
  let app: TargetRows;

  beforeAll(async () => {
    app = await appTarget(wasm, doc);
    writeFileSync(join(folder.dir, `corpus-${c.i}.sluice.json`), configText(doc));
  });

  it('app: some rows', () => expect(app.rows.length).toBeGreaterThan(0));
  it('CLI (native DuckDB) ≡ app', () => expectCliSame(app, target()));
  it('SQL script run by native DuckDB from the config folder ≡ app', () => expectSqlScriptSame(app, target(), native));
  const refusal = c.pandasRefuses;
  if (refusal) {
    it(`pandas script: refused (${refusal.source})`, async () => {
      refused.push(`  ${c.name}: ${await expectPandasRefuses(target(), refusal)}`);
    });
  } else {
    it('pandas script run by /usr/bin/python3 ≡ app', () => expectPandasSame(app, target(), native));
  }
});
