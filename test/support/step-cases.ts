import type { Step, StepDraft } from '../../shared/pipeline/document.ts';

/**
 * Step cases for the differential suite beyond the golden ones: the variants of the step kinds whose
 * meaning is subtle (NULLs, empty and Unicode text, ties, rounding, regex dialects, date formats), over
 * the golden people table. Values the table lacks are made by a derived CASE column first.
 */
let n = 0;
const step = (s: StepDraft): Step => ({ id: `v${++n}`, enabled: true, ...s }) as Step;
const derive = (name: string, expression: string) => step({ kind: 'derive', name, expression });
/** A text column with one value per person (id 1 to 5). */
const texts = (name: string, values: readonly (string | null)[]) =>
  derive(name, `CASE ${values.map((v, i) => `WHEN id = ${i + 1} THEN ${v === null ? 'NULL' : `'${v.replaceAll("'", "''")}'`}`).join(' ')} END`);
const byId = step({ kind: 'sort', keys: [{ column: 'id', direction: 'asc' }] });

export const STEP_CASES: [name: string, steps: Step[]][] = [
  [
    'cast text to numbers and booleans',
    [
      texts('raw', [' 12 ', '2.5', null, 'yes', '-1.005']),
      ...['whole', 'exact', 'flag', 'real'].map((c) => derive(c, 'raw')),
      step({ kind: 'cast', column: 'whole', to: 'INTEGER' }),
      step({ kind: 'cast', column: 'exact', to: 'DECIMAL(10,2)' }),
      step({ kind: 'cast', column: 'flag', to: 'BOOLEAN' }),
      step({ kind: 'cast', column: 'real', to: 'DOUBLE' }),
      byId,
    ],
  ],
  [
    'cast text to dates and timestamps',
    [
      texts('day', ['2024-01-05', '2024-02-30', null, 'soon', '2023-12-31']),
      texts('stamp', ['2024-01-05 10:11:12', '2024-02-29 23:59:59.25', null, 'never', '2024-1-5 07:08']),
      step({ kind: 'cast', column: 'day', to: 'DATE' }),
      step({ kind: 'cast', column: 'stamp', to: 'TIMESTAMP' }),
      byId,
    ],
  ],
  [
    'cast doubles, dates and numbers',
    [
      derive('half', 'age / 8'),
      derive('text', 'age / 8'),
      step({ kind: 'cast', column: 'half', to: 'INTEGER' }),
      step({ kind: 'cast', column: 'text', to: 'VARCHAR' }),
      step({ kind: 'cast', column: 'joined', to: 'VARCHAR' }),
      step({ kind: 'cast', column: 'age', to: 'TINYINT' }),
      step({ kind: 'cast', column: 'id', to: 'BOOLEAN' }),
      byId,
    ],
  ],
  [
    'split with empty parts, Unicode and NULL',
    [
      texts('s', ['a--b', '', null, 'é·ü·ß', 'x']),
      step({ kind: 'split', column: 's', delimiter: '-', into: ['p1', 'p2', 'p3'] }),
      step({ kind: 'split', column: 's', delimiter: '·', into: ['q1', 'q2', 'q3', 'q4'] }),
      step({ kind: 'split', column: 'age', delimiter: '6', into: ['a1'] }),
      byId,
    ],
  ],
  [
    'extract: ASCII \\d, $ at the very end, a group that took no part',
    [
      texts('t', ['order 42', 'n° ٣٤', null, 'x7\n', 'abc']),
      step({ kind: 'extract', column: 't', pattern: '(\\d+)$', group: 1, into: 'number' }),
      step({ kind: 'extract', column: 't', pattern: '([a-z]+)(\\d)?', group: 2, into: 'digit' }),
      step({ kind: 'extract', column: 't', pattern: '\\b\\w', group: 0, into: 'initial' }),
      step({ kind: 'extract', column: 't', pattern: '(a)', group: 3, into: 'none' }),
      byId,
    ],
  ],
  ['regex filter, case-insensitive, with \\w', [step({ kind: 'filter', condition: { kind: 'text', column: 'name', op: 'regex', value: '^(ad|gr)\\w*$', caseSensitive: false } })]],
  [
    'parse dates: day first, month names, spaces',
    [
      derive('txt', "day(joined) || '/' || month(joined) || '/' || year(joined)"),
      step({ kind: 'parse_date', column: 'txt', format: '%d/%m/%Y', into: 'parsed' }),
      texts('m', [' 5 jan 2024 ', '5 Sept 2024', null, '31 Feb 2024', '1  DEC 23']),
      step({ kind: 'parse_date', column: 'm', format: '%d %b %y', timestamp: true }),
      texts('t', ['2024-01-05 7:08:09', '2024-01-05 24:00:00', '20240105', '2024-01-05 10:11', '1999-12-31 23:59:59']),
      step({ kind: 'parse_date', column: 't', format: '%Y-%m-%d %H:%M:%S', timestamp: true, into: 'stamp' }),
      byId,
    ],
  ],
  [
    'date trunc to week, quarter, hour and minute',
    [
      step({ kind: 'date_trunc', column: 'joined', unit: 'week', into: 'week' }),
      step({ kind: 'date_trunc', column: 'joined', unit: 'quarter', into: 'quarter' }),
      step({ kind: 'date_trunc', column: 'joined', unit: 'hour', into: 'hour' }),
      texts('t', ['2024-01-05 10:11:12', null, '2023-12-31 23:59:59', '2024-02-29 00:00:01', '2024-07-04 12:30:00']),
      step({ kind: 'parse_date', column: 't', format: '%Y-%m-%d %H:%M:%S', timestamp: true }),
      step({ kind: 'date_trunc', column: 't', unit: 'minute', into: 'minute' }),
      step({ kind: 'date_trunc', column: 't', unit: 'dayofweek', into: 'day' }),
      step({ kind: 'date_trunc', column: 't', unit: 'year' }),
      byId,
    ],
  ],
  ['pivot without group by (count; a listed value with no rows)', [step({ kind: 'select', columns: ['name', 'state', 'age'] }), step({ kind: 'pivot', on: 'state', value: 'age', fn: 'count', groupBy: [], values: ['CA', 'WA', 'TX'] }), step({ kind: 'sort', keys: [{ column: 'name', direction: 'asc' }] })]],
  ['pivot on whole numbers (max, string_agg)', [step({ kind: 'pivot', on: 'age', value: 'name', fn: 'string_agg', groupBy: ['state'], values: ['36', '41', '99'] })]],
  ['pivot first of each group', [step({ kind: 'pivot', on: 'name', value: 'joined', fn: 'first', groupBy: ['state'], values: ['Ada', 'Linus'] })]],
  ['unpivot whole numbers (NULL values left out)', [step({ kind: 'select', columns: ['id', 'name', 'age'] }), step({ kind: 'unpivot', columns: ['id', 'age'], nameColumn: 'what', valueColumn: 'number' }), step({ kind: 'sort', keys: [{ column: 'name', direction: 'asc' }, { column: 'what', direction: 'asc' }, { column: 'number', direction: 'asc' }] })]],
  [
    'window ranks with ties and NULLs',
    [
      step({ kind: 'window', fn: 'rank', partitionBy: [], orderBy: [{ column: 'age', direction: 'desc' }], as: 'rank' }),
      step({ kind: 'window', fn: 'dense_rank', partitionBy: ['state'], orderBy: [{ column: 'age', direction: 'asc' }], as: 'dense' }),
      step({ kind: 'window', fn: 'row_number', partitionBy: ['state'], orderBy: [{ column: 'age', direction: 'asc' }, { column: 'id', direction: 'desc' }], as: 'number' }),
      step({ kind: 'window', fn: 'lead', column: 'name', offset: 2, partitionBy: [], orderBy: [{ column: 'id', direction: 'asc' }], as: 'next' }),
      step({ kind: 'window', fn: 'running_sum', column: 'age', partitionBy: ['state'], orderBy: [{ column: 'id', direction: 'asc' }], as: 'total' }),
      step({ kind: 'window', fn: 'lag', column: 'joined', offset: 1, partitionBy: ['name'], orderBy: [{ column: 'id', direction: 'desc' }], as: 'previous' }),
      step({ kind: 'cast', column: 'total', to: 'BIGINT' }),
      byId,
    ],
  ],
  [
    'pivot without group by over no rows (one row of counts)',
    [step({ kind: 'select', columns: ['state', 'age'] }), step({ kind: 'filter', condition: { kind: 'group', op: 'or', items: [] } }), step({ kind: 'pivot', on: 'state', value: 'age', fn: 'count', groupBy: [], values: ['CA'] })],
  ],
  [
    'window and unpivot over no rows',
    [step({ kind: 'filter', condition: { kind: 'group', op: 'or', items: [] } }), step({ kind: 'window', fn: 'running_sum', column: 'age', partitionBy: ['state'], orderBy: [], as: 'total' }), step({ kind: 'unpivot', columns: ['name', 'state'], nameColumn: 'k', valueColumn: 'v' })],
  ],
  [
    'new columns named like existing ones (DuckDB adds _1)',
    [
      derive('ID', 'id * 2'),
      step({ kind: 'extract', column: 'name', pattern: '^.', group: 0, into: 'Name' }),
      step({ kind: 'split', column: 'tag', delimiter: '-', into: ['state', 'state'] }),
      step({ kind: 'window', fn: 'row_number', partitionBy: [], orderBy: [{ column: 'id', direction: 'desc' }], as: 'age' }),
      step({ kind: 'date_part', column: 'joined', part: 'year', into: 'joined' }),
      step({ kind: 'parse_date', column: 'tag', format: '%Y', into: 'TAG' }),
      byId,
    ],
  ],
  ['extract with a Unicode class (refused by pandas)', [step({ kind: 'extract', column: 'name', pattern: '\\p{Lu}', group: 0, into: 'initial' })]],
  ['cast to FLOAT (refused by pandas)', [step({ kind: 'cast', column: 'age', to: 'FLOAT' })]],
  ['parse date with %j (refused by pandas)', [step({ kind: 'parse_date', column: 'name', format: '%j', into: 'day' })]],
];
