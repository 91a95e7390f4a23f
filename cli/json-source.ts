import { createReadStream } from 'node:fs';
import { JsonRowReader } from '../shared/json-row-reader.ts';
import { RowTypes, sqlType, type JsonType } from '../shared/json-types.ts';
import { errorMessage, type Result } from '../shared/result.ts';
import { ident, str, struct } from '../shared/sql/quote.ts';

/**
 * A JSON or NDJSON source read as the app reads it. The column types are decided by the app's own rules
 * (`shared/json-types.ts`, which mirror native read_json's inference over every row), from the rows as the
 * app's ingest worker finds them (`shared/json-row-reader.ts`); native `read_json` then reads the file with
 * those columns. Where read_json would give JSON (values of different kinds, only nulls), the column is read
 * as JSON and cast to VARCHAR, as the app shows it: DuckDB-WASM has no JSON type.
 */
export async function jsonReadSql(path: string, format: 'json' | 'ndjson'): Promise<Result<string>> {
  const typed = await jsonColumns(path, format);
  if (!typed.ok) return typed;
  const columns = typed.value;
  const read = `read_json(${str(path)}, format=${str(format === 'json' ? 'array' : 'newline_delimited')}, columns=${struct(columns.map(([k, t]) => [k, str(sqlType(t, 'reference'))]))})`;
  const select = columns.map(([k, t]) => {
    const app = sqlType(t, 'app');
    return app === sqlType(t, 'reference') ? ident(k) : `CAST(${ident(k)} AS ${app}) AS ${ident(k)}`;
  });
  return { ok: true, value: `SELECT ${select.join(', ')} FROM ${read}` };
}

/** The columns read_json gives JSON (values of different kinds): the app holds them as VARCHAR, the value's JSON text. */
export async function jsonTextColumns(path: string, format: 'json' | 'ndjson'): Promise<Result<string[]>> {
  const typed = await jsonColumns(path, format);
  return typed.ok ? { ok: true, value: typed.value.filter(([, t]) => sqlType(t, 'reference') === 'JSON').map(([k]) => k) } : typed;
}

/** Each column (first-appearance order) with its type by the app's rules, from every row of the file. */
async function jsonColumns(path: string, format: 'json' | 'ndjson'): Promise<Result<[string, JsonType][]>> {
  const reader = new JsonRowReader(format === 'json' ? 'array' : 'lines');
  const types = new RowTypes();
  const add = types.add.bind(types);
  try {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for await (const chunk of createReadStream(path)) reader.feed(decoder.decode(chunk as Buffer, { stream: true }), add);
    reader.feed(decoder.decode(), add);
    reader.finish(add);
  } catch (e) {
    const message = e instanceof TypeError ? 'the text is not valid UTF-8' : errorMessage(e);
    return { ok: false, error: { kind: 'json', message } };
  }
  if (types.types.size === 0) return { ok: false, error: { kind: 'json', message: 'the file has no JSON objects.' } };
  return { ok: true, value: [...types.types] };
}
