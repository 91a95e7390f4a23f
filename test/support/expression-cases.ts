import type { Step } from '../../shared/pipeline/document.ts';

/** Derived-column cases for the differential suite: every part of the expression grammar, over the golden people table. */
let n = 0;
const derive = (expression: string): Step[] => [{ id: `e${++n}`, kind: 'derive', enabled: true, name: 'value', expression }];

export const EXPRESSION_CASES: [name: string, steps: Step[]][] = [
  ['arithmetic and precedence', derive('age * 2 + id - 1 * 3')],
  ['division (fractional)', derive('age / id + id / 4')],
  ['integer division and modulo toward zero', derive('(id - 3) * 7 // 2 + (id - 3) * 7 % 4')],
  ['division by zero: inf, -inf and NaN (IEEE 754, as DuckDB)', derive('(id - 3) / (id - id) + age / 0.0')],
  ['integer division and modulo by zero: NULL', derive('coalesce((id - 3) // (id - id), -100) + coalesce(age % (id - id), -1000) + coalesce(age // 0.0, -10000)')],
  ['round half away from zero', derive('round((id - 3) * 0.5 + 0.0, 0) + round(age / 8.0, 1)')],
  ['comparison and boolean logic (three-valued)', derive("age > 40 AND state <> 'NY' OR NOT (id = 1)")],
  ['is null / is not null', derive('age IS NULL OR tag IS NOT NULL')],
  ['case when', derive("CASE WHEN age IS NULL THEN 'unknown' WHEN age >= 40 THEN 'senior' ELSE 'junior' END")],
  ['concatenation', derive("name || ' (' || state || ')' || id")],
  ['coalesce and abs', derive('coalesce(age, -id) + abs(id - 4)')],
  ['text functions', derive('upper(name) || lower(state) || length(name) || trim(tag)')],
  ['substr', derive("substr(name, 2, 3) || '|' || substr(name, -2) || '|' || substring(state, 0, 2)")],
  ['date parts', derive("year(joined) * 10000 + month(joined) * 100 + day(joined) + date_part('dayofweek', joined)")],
  ['quoted names', [{ id: 'q1', kind: 'rename', enabled: true, renames: [{ from: 'name', to: 'full "name"' }] }, { id: 'q2', kind: 'derive', enabled: true, name: 'value', expression: 'lower("full ""name""")' }]],
];
