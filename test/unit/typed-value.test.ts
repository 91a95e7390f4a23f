import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conditionSql } from '../../shared/pipeline/compile.ts';
import { emptyDocument, type PipelineDocument } from '../../shared/pipeline/document.ts';
import { parseDocument } from '../../shared/pipeline/validate.ts';
import { literal } from '../../shared/sql/quote.ts';
import { isExactNumber, parseTypedValue, scalarFromValue, scalarText, typedValueProblem } from '../../shared/typed-value.ts';
import { startEngine, type TestEngine } from '../support/engine.ts';

describe('parseTypedValue', () => {
  it('keeps integers beyond ±2^53 exact, as decimal text', () => {
    expect(parseTypedValue('9007199254740993', 'BIGINT')).toEqual({ decimal: '9007199254740993' });
    expect(parseTypedValue(' 9223372036854775807 ', 'BIGINT')).toEqual({ decimal: '9223372036854775807' });
    expect(parseTypedValue('-9223372036854775808', 'BIGINT')).toEqual({ decimal: '-9223372036854775808' });
    expect(parseTypedValue('+42', 'INTEGER')).toBe(42);
    expect(parseTypedValue('9007199254740991', 'BIGINT')).toBe(9007199254740991);
  });

  it('keeps DECIMAL, HUGEINT and UBIGINT values as decimal text whatever their size', () => {
    expect(parseTypedValue('12.50', 'DECIMAL(10,2)')).toEqual({ decimal: '12.50' });
    expect(parseTypedValue('7', 'HUGEINT')).toEqual({ decimal: '7' });
    expect(parseTypedValue('18446744073709551615', 'UBIGINT')).toEqual({ decimal: '18446744073709551615' });
    expect(parseTypedValue('1', 'NUMERIC')).toEqual({ decimal: '1' });
  });

  it('gives doubles for float columns and for short fractions', () => {
    expect(parseTypedValue('0.1', 'DOUBLE')).toBe(0.1);
    expect(parseTypedValue('9007199254740993', 'DOUBLE')).toBe(9007199254740992);
    expect(parseTypedValue('1e3', 'DOUBLE')).toBe(1000);
    expect(parseTypedValue('-.5', 'FLOAT')).toBe(-0.5);
    expect(parseTypedValue('2.5', 'BIGINT')).toBe(2.5);
    expect(parseTypedValue('1.2345678901234567', 'BIGINT')).toEqual({ decimal: '1.2345678901234567' });
  });

  it('leaves text that is no number as text (DuckDB casts or refuses it)', () => {
    expect(parseTypedValue('abc', 'BIGINT')).toBe('abc');
    expect(parseTypedValue('0x10', 'INTEGER')).toBe('0x10');
    expect(parseTypedValue('', 'INTEGER')).toBe('');
    expect(parseTypedValue('42', 'VARCHAR')).toBe('42');
    expect(parseTypedValue('42', undefined)).toBe('42');
  });

  it('reads booleans for BOOLEAN columns only', () => {
    expect(parseTypedValue('TRUE', 'BOOLEAN')).toBe(true);
    expect(parseTypedValue(' false', 'BOOLEAN')).toBe(false);
    expect(parseTypedValue('yes', 'BOOLEAN')).toBe('yes');
    expect(parseTypedValue('true', 'VARCHAR')).toBe('true');
  });
});

describe('scalarFromValue (a cell value from Arrow)', () => {
  it('formats bigints exactly, never through a double', () => {
    expect(scalarFromValue(9007199254740993n, 'BIGINT')).toEqual({ decimal: '9007199254740993' });
    expect(scalarFromValue(42n, 'BIGINT')).toBe(42);
    expect(scalarFromValue(42n, 'UBIGINT')).toEqual({ decimal: '42' });
  });

  it('keeps numbers, booleans and null, and reads display text by type', () => {
    expect(scalarFromValue(1.5, 'DOUBLE')).toBe(1.5);
    expect(scalarFromValue(Number.NaN, 'DOUBLE')).toBe('NaN');
    expect(scalarFromValue(true, 'BOOLEAN')).toBe(true);
    expect(scalarFromValue(null, 'BIGINT')).toBeNull();
    expect(scalarFromValue('123456789012345678.91', 'DECIMAL(20,2)')).toEqual({ decimal: '123456789012345678.91' });
    expect(scalarFromValue('2024-01-01', 'DATE')).toBe('2024-01-01');
  });
});

describe('exact numbers as text and as SQL', () => {
  it('shows them as their text', () => {
    expect(scalarText({ decimal: '9007199254740993' })).toBe('9007199254740993');
    expect(scalarText(null)).toBe('');
    expect(scalarText(false)).toBe('false');
    expect(isExactNumber({ decimal: '1.5' })).toBe(true);
    expect(isExactNumber({ decimal: '1e5' })).toBe(false);
  });

  it('quotes them as exact numeric literals and refuses anything else', () => {
    expect(literal({ decimal: '-9223372036854775808' })).toBe('-9223372036854775808');
    expect(literal({ decimal: '12.50' })).toBe('12.50');
    expect(() => literal({ decimal: '1; DROP TABLE t' })).toThrow(/exact decimal/);
    expect(() => literal({ decimal: '1e5' })).toThrow(/exact decimal/);
    expect(() => literal({ decimal: 5 } as unknown as { decimal: string })).toThrow(/exact decimal/);
  });
});

describe('exact numbers in a pipeline document', () => {
  const withValue = (value: unknown): unknown => ({
    ...emptyDocument(),
    sources: [{ id: 's', name: 't', file: { path: 't.csv', name: 't.csv' }, format: 'csv' }],
    pipelines: [{ id: 'p', name: 'p', input: { kind: 'source', id: 's' }, steps: [{ id: 'a', enabled: true, kind: 'filter', condition: { kind: 'compare', column: 'id', op: '=', value } }] }],
  });

  it('survive JSON and the schema', () => {
    const parsed = parseDocument(JSON.parse(JSON.stringify(withValue({ decimal: '9007199254740993' }))));
    expect(parsed.ok).toBe(true);
    const step = (parsed as { value: PipelineDocument }).value.pipelines[0]!.steps[0]!;
    expect(step.kind === 'filter' && step.condition.kind === 'compare' && step.condition.value).toEqual({ decimal: '9007199254740993' });
  });

  it('must be decimal text', () => {
    expect(parseDocument(withValue({ decimal: '1e5' })).ok).toBe(false);
    expect(parseDocument(withValue({ decimal: '1', extra: true })).ok).toBe(false);
  });
});

describe('exact numbers on the real engine', () => {
  let engine: TestEngine;
  beforeAll(async () => {
    engine = await startEngine();
    engine.run(`CREATE TABLE t AS SELECT * FROM (VALUES (9007199254740992::BIGINT, 1.10::DECIMAL(38,2)), (9007199254740993::BIGINT, 123456789012345678901234567890.12::DECIMAL(38,2)), (9223372036854775807::BIGINT, 0::DECIMAL(38,2))) v(id, amount)`);
  });
  afterAll(() => engine.close());
  const keep = (column: string, text: string, type: string) =>
    engine.rows(`SELECT CAST(${column} AS VARCHAR) FROM t WHERE ${conditionSql({ kind: 'compare', column, op: '=', value: parseTypedValue(text, type) })}`).map((r) => r[0]);

  it('filters keep exactly the typed row', () => {
    expect(keep('id', '9007199254740993', 'BIGINT')).toEqual(['9007199254740993']);
    expect(keep('id', '9223372036854775807', 'BIGINT')).toEqual(['9223372036854775807']);
    expect(keep('amount', '123456789012345678901234567890.12', 'DECIMAL(38,2)')).toEqual(['123456789012345678901234567890.12']);
    expect(keep('amount', '1.1', 'DECIMAL(38,2)')).toEqual(['1.10']);
  });
});

describe('values that do not fit their column', () => {
  it('are refused with a sentence naming the column and its type', () => {
    expect(typedValueProblem('abc', { name: 'latitude', type: 'DOUBLE' })).toBe('"abc" is not a number, and latitude is DOUBLE.');
    expect(typedValueProblem('', { name: 'id', type: 'BIGINT' })).toBe('Give a number: id is BIGINT.');
    expect(typedValueProblem('31/01/2024', { name: 'joined', type: 'DATE' })).toBe('"31/01/2024" is not a date, and joined is DATE (write it like 2024-01-31).');
    expect(typedValueProblem('yes', { name: 'ok', type: 'BOOLEAN' })).toBe('"yes" is not true or false, and ok is BOOLEAN.');
  });

  it('accept what DuckDB reads as the type', () => {
    const fits: [string, string][] = [['9223372036854775807', 'BIGINT'], ['-1.5e3', 'DOUBLE'], ['NaN', 'DOUBLE'], ['-inf', 'FLOAT'], ['12.50', 'DECIMAL(10,2)'], ['2024-01-31', 'DATE'], ['2024-01-31 13:45:00', 'TIMESTAMP'], ['2024-01-31T13:45:00+02:00', 'TIMESTAMP WITH TIME ZONE'], ['TRUE', 'BOOLEAN'], ['anything', 'VARCHAR']];
    for (const [text, type] of fits) expect(typedValueProblem(text, { name: 'c', type }), `${text} as ${type}`).toBeNull();
    expect(typedValueProblem('NaN', { name: 'c', type: 'BIGINT' })).not.toBeNull();
  });
});
