import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonReadSql } from '../../cli/json-source.ts';
import { parseJson } from '../../shared/json-parse.ts';
import { jsonText, RowTypes, sqlType } from '../../shared/json-types.ts';
import { tempFolder } from '../support/cli.ts';
import { openNative, type NativeDb } from '../support/native.ts';

/**
 * shared/json-types.ts mirrors native read_json's inference (DuckDB 1.4.3, over every row): each case below is
 * read by read_json on its own (auto-detect, sample_size=-1) and by Sluice's rules; the types must be read_json's,
 * with JSON as VARCHAR (DuckDB-WASM has no JSON type), and the values read_json's, JSON as its text.
 */

let native: NativeDb;
let folder: { dir: string; remove: () => void };
beforeAll(async () => {
  native = await openNative();
  folder = tempFolder({});
});
afterAll(() => {
  native.close();
  folder.remove();
});

const CASES: [string, string][] = [
  ['whole numbers', '[{"a":1},{"a":-2}]'],
  ['beyond 2^53', '[{"a":9007199254740993},{"a":1}]'],
  ['beyond int64', '[{"a":92233720368547758070},{"a":1}]'],
  ['whole and not', '[{"a":1},{"a":2.5},{"a":2.0},{"a":1e2}]'],
  ['booleans', '[{"a":true},{"a":false}]'],
  ['boolean and number', '[{"a":true},{"a":1}]'],
  ['dates', '[{"a":"2024-01-15"},{"a":"2024-2-9"},{"a":" 2024-02-29"}]'],
  ['not a date', '[{"a":"2024-01-15"},{"a":"2023-02-29"}]'],
  ['timestamps', '[{"a":"2024-01-15 10:00:00"},{"a":"2024-01-15 10:00:00.123456"}]'],
  ['timestamp with Z', '[{"a":"2024-01-15T10:00:00Z"}]'],
  ['T without Z', '[{"a":"2024-01-15T10:00:00"}]'],
  ['date and timestamp', '[{"a":"2024-01-15"},{"a":"2024-01-15 10:00:00"}]'],
  ['times', '[{"a":"10:00"},{"a":"23:59:59.5"}]'],
  ['uuids', '[{"a":"0b5c4a5e-1f2a-4b7e-9d2c-3e4f5a6b7c8d"},{"a":"0B5C4A5E-1F2A-4B7E-9D2C-3E4F5A6B7C8D"}]'],
  ['text', '[{"a":"x"},{"a":""}]'],
  ['number and text', '[{"a":1},{"a":"x"},{"a":1.50},{"a":1e21},{"a":-0.0}]'],
  ['only nulls', '[{"a":null},{"a":null}]'],
  ['null then number', '[{"a":null},{"a":3}]'],
  ['missing keys', '[{"a":1},{"b":2}]'],
  ['objects', '[{"a":{"x":1,"y":"s"}},{"a":{"z":true,"x":2.5}}]'],
  ['object with a null field', '[{"a":{"x":null}}]'],
  ['empty object', '[{"a":{}}]'],
  ['arrays', '[{"a":[1,2]},{"a":[3.5]}]'],
  ['empty array', '[{"a":[]}]'],
  ['mixed array', '[{"a":[1,"x",{"k":null}]}]'],
  ['array of objects', '[{"a":[{"p":1},{"q":"x"}]}]'],
  ['object and number', '[{"a":{"x":1}},{"a":5}]'],
  ['dates inside', '[{"a":{"d":"2024-01-15"},"b":["2024-01-15"]}]'],
];

describe('Sluice\'s JSON types are read_json\'s', () => {
  it.each(CASES)('%s', async (label, text) => {
    const path = join(folder.dir, `${label.replace(/\W/g, '-')}.json`);
    writeFileSync(path, text);
    const reference = `SELECT * FROM read_json('${path}', format='array', sample_size=-1)`;
    const expected = (await native.columns(reference)).map((c) => c.replace(/\bJSON\b/g, 'VARCHAR').replace('MAP(VARCHAR, VARCHAR)', 'VARCHAR'));
    const read = await jsonReadSql(path, 'json');
    if (!read.ok) throw new Error(read.error.message);
    expect(await native.columns(read.value)).toEqual(expected);
    // read_json's values in Sluice's types (JSON as its text), then each as text.
    const names = (await native.rows(`SELECT column_name FROM (DESCRIBE ${reference})`)).map((r) => String(r[0]));
    const inSluiceTypes = `SELECT ${names.map((n, i) => `CAST("${n}" AS ${expected[i]!.slice(n.length + 1)}) AS "${n}"`).join(', ')} FROM (${reference})`;
    const asText = (sql: string) => native.rows(`SELECT COLUMNS(*)::VARCHAR FROM (${sql})`);
    expect(await asText(read.value)).toEqual(await asText(inSluiceTypes));
  });

  it('infers from the parsed rows without an engine, and writes JSON text as read_json does', () => {
    const types = new RowTypes();
    for (const line of ['{"b": 1, "2": "2024-01-15", "a": {"z": 1, "1": [1.0]}}', '{"b": 2.0, "c": null}']) types.add(parseJson(line) as Map<string, never>);
    expect([...types.types].map(([k, t]) => `${k} ${sqlType(t, 'app')}`)).toEqual(['b DOUBLE', '2 DATE', 'a STRUCT("z" BIGINT, "1" DOUBLE[])', 'c VARCHAR']);
    expect(['1e2', '1e21', '-0.0', '0.1', '100000000000000000000000', '"\\u0001/é"', '{"k": [1, true, null]}'].map((t) => jsonText(parseJson(t)))).toEqual(['100.0', '1e21', '-0.0', '0.1', '100000000000000000000000', '"\\u0001/é"', '{"k":[1,true,null]}']);
  });
});
