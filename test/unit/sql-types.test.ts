import { describe, expect, it } from 'vitest';
import { csvOptionsProblem } from '../../shared/csv-options.ts';
import schema from '../../shared/pipeline/pipeline.schema.json' with { type: 'json' };
import { isTypeName as guardIsTypeName } from '../../shared/sql/guard.ts';
import { isExactNumericType, isNumericType, isTypeName, TYPE_NAME_MAX_LENGTH, TYPE_NAME_PATTERN } from '../../shared/sql-types.ts';

const CASES: [string, boolean][] = [
  ['INTEGER', true],
  ['DECIMAL(18,3)', true],
  ['DECIMAL( 18 , 3 )', true],
  ['DOUBLE PRECISION', true],
  ['TIMESTAMP WITH TIME ZONE', true],
  ['VARCHAR[]', true],
  ['INTEGER[][]', true],
  ['  BIGINT  ', true],
  ['', false],
  ['1NT', false],
  ['INT); DROP TABLE x; --', false],
  ['VARCHAR(', false],
  ['"quoted"', false],
  ['A'.repeat(65), false],
];

describe('one type-name rule', () => {
  it('accepts plain type names and refuses anything else', () => {
    for (const [type, ok] of CASES) expect(isTypeName(type), type).toBe(ok);
  });

  it('is the rule of CSV column types', () => {
    for (const [type, ok] of CASES) expect(csvOptionsProblem({ columnTypes: { c: type } }) === null, type).toBe(ok);
  });

  it('is the pattern of cast steps in the pipeline schema', () => {
    const cast = (schema.$defs.step.oneOf as { properties: { kind: { const?: string }; to?: { pattern?: string; maxLength?: number } } }[]).find((s) => s.properties.kind.const === 'cast');
    expect(cast?.properties.to?.pattern).toBe(TYPE_NAME_PATTERN);
    expect(cast?.properties.to?.maxLength).toBe(TYPE_NAME_MAX_LENGTH);
  });

  it('agrees with the compiler guard', () => {
    for (const [type, ok] of CASES) expect(guardIsTypeName(type), type).toBe(ok);
  });
});

describe('type families', () => {
  it('tells numbers and exact numbers apart', () => {
    expect(isNumericType('DECIMAL(10,2)')).toBe(true);
    expect(isNumericType('UHUGEINT')).toBe(true);
    expect(isNumericType('VARCHAR')).toBe(false);
    expect(isExactNumericType('DECIMAL(10,2)')).toBe(true);
    expect(isExactNumericType('UBIGINT')).toBe(true);
    expect(isExactNumericType('BIGINT')).toBe(false);
    expect(isExactNumericType('DOUBLE')).toBe(false);
  });
});
