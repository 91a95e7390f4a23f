import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { castRefusal } from '../../shared/scripts/python-steps-columns.ts';
import { str } from '../../shared/sql/quote.ts';
import { openNative, type NativeDb } from '../support/native.ts';
import { withRuntime } from '../support/python-runtime.ts';

/**
 * The generated script's TRY_CAST and try_strptime against native DuckDB, value by value, on texts chosen
 * where the rules are subtle. Each value either comes out as DuckDB's (compared as DuckDB's text) or stops
 * the script (UnreproducedValue), never differs; the values that stop it are listed, so a change shows.
 */

const TEXTS = [
  ' 12 ', '1.5', '2.5', '-2.5', '0.5', '-0.5', '.5', '5.', '1e2', '1.5e1', '1E5', '-1e-1', '1e-400', '1e400', '+7', '-0', '00012',
  '', ' ', '12abc', '1,5', '1.2.3', '1e', 'e5', '1 2', '１２', '\t3\n', '\r5', '\u000b5', '\f5', '3 ',
  '1_000', '_1', '0x10', '0X10', '-0x10', '0b101', 'inf', '-Infinity', 'NaN', 'nan',
  '2147483647', '2147483648', '-2147483648', '-2147483649', '99999999999', '9223372036854775807', '9223372036854775808',
  '1.005', '1.015', '-1.005', '99999999.995', '12345678.9',
  'true', 'TRUE', 'TrUe', 't', 'yes', 'y', 'on', '1', '0', '2', 'false', 'f', 'no', 'n', 'off', ' true ', 'true ',
  '2024-01-05', ' 2024-01-05 ', '2024-1-5', '2024-02-30', '2024-02-29', '2023-02-29', '2024-13-01', '2024/01/05', '20240105',
  '2024-01-05 10:11:12', '2024-01-05T10:11:12', '2024-01-05 10:11:12.5', '2024-01-05 10:11:12.123456', '2024-01-05 10:11',
  '2024-01-05 24:00:00', '2024-01-05 10:11:12+02', '2024-01-05x', 'epoch', 'infinity', 'never', 'N/A', 'now', 'today', 'allballs', 'yesterday', '2024 01 05', '2024\\01\\05', '2024.01.05', '2024_01_05', '12:30', '2024-01-05 1:2', '2024-01-05 10', '2024x01x05', 'Jan 5 2024', '2024/01/05 10:11:12', '2024/01-05', '2024-01/05', '2024/1/5 7:08',
];
const TYPES = ['INTEGER', 'TINYINT', 'BIGINT', 'UBIGINT', 'DOUBLE', 'DECIMAL(10,2)', 'BOOLEAN', 'DATE', 'TIMESTAMP'];

type Outcome = string | null | { unreproduced: true };

/** Python: each text cast alone, written back as DuckDB's text (DECIMAL as a number), or marked unreproduced. */
const PYTHON_CAST = `
result = []
for text in data["texts"]:
    try:
        value = try_cast(pd.Series([text], dtype="string"), "VARCHAR", data["type"])
        if data["type"].startswith("DECIMAL"):
            result.append(None if value.isna().iloc[0] else repr(float(value.iloc[0])))
        else:
            result.append(try_cast(value, data["type"], "VARCHAR").astype(object).where(value.notna(), None).iloc[0])
    except UnreproducedValue:
        result.append({"unreproduced": True})
`;

describe('TRY_CAST from text, value by value', () => {
  let native: NativeDb;
  beforeAll(async () => {
    native = await openNative();
  });
  afterAll(() => native?.close());

  it.each(TYPES)('to %s', async (type) => {
    const duckdb = await Promise.all(
      TEXTS.map(async (t) => {
        const cell = (await native.rows(`SELECT TRY_CAST(${str(t)} AS ${type})${type.startsWith('DECIMAL') ? '::DOUBLE' : ''}::VARCHAR`))[0]![0];
        return cell === null ? null : String(cell);
      }),
    );
    const python = withRuntime<Outcome[]>(PYTHON_CAST, { texts: TEXTS, type });
    const unreproduced: string[] = [];
    TEXTS.forEach((text, i) => {
      const p = python[i]!;
      if (p !== null && typeof p === 'object') unreproduced.push(text);
      else expect({ text, value: p }).toEqual({ text, value: duckdb[i] });
    });
    expect(unreproduced).toMatchSnapshot();
  });

  it('from numbers, booleans and dates', async () => {
    const pairs: [sql: string, source: string, target: string, python: string][] = [
      ['2.5::DOUBLE', 'DOUBLE', 'INTEGER', 'pd.Series([2.5], dtype="Float64")'],
      ['-2.5::DOUBLE', 'DOUBLE', 'BIGINT', 'pd.Series([-2.5], dtype="Float64")'],
      ['3.5::DOUBLE', 'DOUBLE', 'INTEGER', 'pd.Series([3.5], dtype="Float64")'],
      ['1e30::DOUBLE', 'DOUBLE', 'BIGINT', 'pd.Series([1e30], dtype="Float64")'],
      ['300', 'INTEGER', 'TINYINT', 'pd.Series([300], dtype="Int64")'],
      ['-1', 'INTEGER', 'UINTEGER', 'pd.Series([-1], dtype="Int64")'],
      ['12345', 'INTEGER', 'DECIMAL(4,1)', 'pd.Series([12345], dtype="Int64")'],
      ['2', 'INTEGER', 'BOOLEAN', 'pd.Series([2], dtype="Int64")'],
      ['true', 'BOOLEAN', 'INTEGER', 'pd.Series([True], dtype="boolean")'],
      ['1e16::DOUBLE', 'DOUBLE', 'VARCHAR', 'pd.Series([1e16], dtype="Float64")'],
      ['-0.0::DOUBLE', 'DOUBLE', 'VARCHAR', 'pd.Series([-0.0], dtype="Float64")'],
      ['0.1::DOUBLE + 0.2::DOUBLE', 'DOUBLE', 'VARCHAR', 'pd.Series([0.1 + 0.2], dtype="Float64")'],
      ['1e-5::DOUBLE', 'DOUBLE', 'VARCHAR', 'pd.Series([1e-5], dtype="Float64")'],
      ["TIMESTAMP '2024-01-01 10:00:00.5'", 'TIMESTAMP', 'VARCHAR', 'pd.Series(pd.to_datetime(["2024-01-01 10:00:00.5"]))'],
      ["TIMESTAMP '2024-01-01 10:00:00'", 'TIMESTAMP', 'DATE', 'pd.Series(pd.to_datetime(["2024-01-01 10:00:00"]))'],
      ["DATE '2024-01-01'", 'DATE', 'VARCHAR', 'pd.Series(pd.to_datetime(["2024-01-01"]))'],
    ];
    const duckdb = await Promise.all(pairs.map(async ([sql, , target]) => (await native.rows(`SELECT TRY_CAST(${sql} AS ${target})${target.startsWith('DECIMAL') ? '::DOUBLE' : ''}::VARCHAR`))[0]![0]));
    const code = `result = []\nfor source, target, series in [${pairs.map(([, s, t, p]) => `(${JSON.stringify(s)}, ${JSON.stringify(t)}, ${p})`).join(', ')}]:\n    value = try_cast(series, source, target)\n    result.append(None if value.isna().iloc[0] else repr(float(value.iloc[0])) if target.startswith("DECIMAL") else try_cast(value, target, "VARCHAR").iloc[0])`;
    expect(withRuntime<(string | null)[]>(code, null)).toEqual(duckdb.map((v) => (v === null ? null : String(v))));
  });

  it('refuses the casts it cannot reproduce, naming why', () => {
    expect(castRefusal('VARCHAR', 'FLOAT')).toMatch(/FLOAT holds single-precision values/);
    expect(castRefusal('DECIMAL(18,3)', 'INTEGER')).toMatch(/holds DECIMAL values as doubles/);
    expect(castRefusal('DOUBLE', 'DECIMAL(10,2)')).toMatch(/DuckDB's conversion between them is not reproduced/);
    expect(castRefusal('VARCHAR', 'INTEGER[]')).toMatch(/has no exact form of INTEGER\[\] values/);
    expect(castRefusal('DATE', 'INTEGER')).toMatch(/not reproduced/);
    for (const [from, to] of [['VARCHAR', 'BIGINT'], ['INTEGER', 'VARCHAR'], ['DOUBLE', 'INTEGER'], ['DATE', 'TIMESTAMP'], ['HUGEINT', 'BIGINT'], ['BOOLEAN', 'INTEGER']] as const) expect(castRefusal(from, to)).toBeNull();
  });
});

const STRPTIME: [format: string, texts: string[]][] = [
  ['%d/%m/%Y', ['5/1/2024', ' 05/01/2024', '05/01/2024 ', '005/01/2024', '05/01/02024', '31/02/2024', '29/02/2024', '05/01/2024x', '5 /1/2024', '5/ 1/2024', '0/1/2024', '5/13/2024', '٠٥/01/2024', '', '5/1/+2024']],
  ['%Y%m%d', ['20240105', '2024015', '202415', '2024']],
  ['%Y-%m-%d %H:%M:%S', ['2024-01-05 1:2:3', '2024-01-05  10:11:12', '2024-01-05 24:00:00', '2024-01-05 10:60:00', '2024-01-05 10:11:12.5', '2024-01-05\t10:11:12']],
  ['%d %b %Y', ['5 Jan 2024', '5 jan 2024', '5 JAN 2024', '5 January 2024', '5 Sept 2024', '5 Sep 2024', '5Jan 2024', '5\tJan\n2024']],
  ['%B %d, %y', ['January 5, 24', 'june 30, 69', 'MAY 1, 68', 'Jan 5, 24', 'May 1, 5']],
  ['%d%%%m', ['5%1', '5%%1']],
];

describe('try_strptime, value by value', () => {
  let native: NativeDb;
  beforeAll(async () => {
    native = await openNative();
  });
  afterAll(() => native?.close());

  it.each(STRPTIME)('%s', async (format, texts) => {
    const duckdb = await Promise.all(texts.map(async (t) => (await native.rows(`SELECT try_strptime(${str(t)}, ${str(format)})::VARCHAR`))[0]![0]));
    const code = 'parsed = try_strptime(pd.Series(data["texts"], dtype="string"), data["format"])\nresult = [None if pd.isna(v) else _timestamp_text(v, "TIMESTAMP") for v in parsed]';
    expect(withRuntime<(string | null)[]>(code, { texts, format })).toEqual(duckdb.map((v) => (v === null ? null : String(v))));
  });
});
