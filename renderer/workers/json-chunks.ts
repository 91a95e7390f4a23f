import { Bool, type Data, Field, Float64, Int64, List, makeData, RecordBatch, Schema, Struct, Table, tableToIPC, Utf8 } from 'apache-arrow';
import { JsonFloat, type JsonObject, type JsonValue } from '../../shared/json-parse.ts';
import { JsonRowReader } from '../../shared/json-row-reader.ts';
import type { KindConflict } from '../../shared/json-rows.ts';
import { castable, jsonText, NULL_TYPE, RowTypes, sqlType, type JsonType } from '../../shared/json-types.ts';

/**
 * JSON rows into Arrow chunks with read_json's types (`shared/json-types.ts`), off the UI thread. Rows are
 * gathered until a chunk's worth; each chunk is built with the types of every row read so far, and the
 * engine casts the chunks to the final types when they are merged.
 */

export interface ChunkColumn {
  name: string;
  /** The app's SQL type the column has after the rows so far. */
  type: string;
}

export class JsonChunker {
  private readonly rowTypes = new RowTypes();
  /** Column → its type over the rows so far, in first-appearance order. */
  readonly types = this.rowTypes.types;
  private rows: JsonObject[] = [];
  /** The types each chunk was built with, to check they cast to the final ones. */
  private readonly built: Map<string, JsonType>[] = [];

  /** `fixed`: the final types, known from a first read (the rows are then read again with them). */
  constructor(fixed?: Map<string, JsonType>) {
    if (fixed) for (const [k, t] of fixed) this.types.set(k, t);
    this.frozen = fixed !== undefined;
  }

  private readonly frozen: boolean;

  get pending(): number {
    return this.rows.length;
  }

  add(row: JsonObject): void {
    this.rows.push(row);
    if (!this.frozen) this.rowTypes.add(row);
  }

  /** The rows gathered since the last chunk as Arrow IPC stream bytes, and its columns. */
  takeChunk(): { ipc: Uint8Array; rows: number; columns: ChunkColumn[] } {
    const rows = this.rows;
    this.rows = [];
    const names = [...this.types.keys()];
    const types = names.map((n) => this.types.get(n) ?? NULL_TYPE);
    this.built.push(new Map(this.types));
    const columns = names.map((name, i) => columnData(types[i]!, rows.map((row) => row.get(name) ?? null)));
    const fields = names.map((name, i) => new Field(name, columns[i]!.type, true));
    const data = makeData({ type: new Struct(fields), length: rows.length, nullCount: 0, children: columns });
    const table = new Table([new RecordBatch(new Schema(fields), data)]);
    return { ipc: tableToIPC(table, 'stream'), rows: rows.length, columns: this.columns() };
  }

  columns(): ChunkColumn[] {
    return [...this.types].map(([name, t]) => ({ name, type: sqlType(t, 'app') }));
  }

  /** The columns read_json types JSON: VARCHAR in the app, each value's JSON text. */
  jsonTextColumns(): string[] {
    return [...this.types].filter(([, t]) => sqlType(t, 'reference') === 'JSON').map(([name]) => name);
  }

  /** Whether every chunk built so far becomes the final types by a cast (else the rows must be read again). */
  chunksCast(): boolean {
    return this.built.every((types) => [...types].every(([k, t]) => castable(t, this.types.get(k) ?? t)));
  }
}

/**
 * A column's values as Arrow data, written straight into typed arrays (apache-arrow's builders are several
 * times slower, and compile their null check with `new Function`, which the app's CSP forbids). Text is stored
 * as written (the engine casts it to DATE, …), JSON-typed values as read_json writes their text.
 */
export function columnData(t: JsonType, values: readonly JsonValue[]): Data {
  const length = values.length;
  const validity = new Uint8Array((length + 7) >> 3);
  let nullCount = 0;
  for (let i = 0; i < length; i++) {
    if (values[i] === null) nullCount++;
    else validity[i >> 3]! |= 1 << (i & 7);
  }
  const nullBitmap = nullCount > 0 ? validity : undefined;
  switch (t.t) {
    case 'BIGINT': {
      const data = new BigInt64Array(length);
      for (let i = 0; i < length; i++) {
        const v = values[i];
        if (v !== null) data[i] = typeof v === 'bigint' ? v : BigInt(v as number);
      }
      return makeData({ type: new Int64(), length, nullCount, nullBitmap, data });
    }
    case 'DOUBLE': {
      const data = new Float64Array(length);
      for (let i = 0; i < length; i++) {
        const v = values[i];
        if (v !== null) data[i] = v instanceof JsonFloat ? v.value : Number(v as number | bigint);
      }
      return makeData({ type: new Float64(), length, nullCount, nullBitmap, data });
    }
    case 'BOOLEAN': {
      const data = new Uint8Array((length + 7) >> 3);
      for (let i = 0; i < length; i++) if (values[i] === true) data[i >> 3]! |= 1 << (i & 7);
      return makeData({ type: new Bool(), length, nullCount, nullBitmap, data });
    }
    case 'LIST': {
      const valueOffsets = new Int32Array(length + 1);
      const flat: JsonValue[] = [];
      for (let i = 0; i < length; i++) {
        const v = values[i];
        if (v !== null) for (const x of v as JsonValue[]) flat.push(x);
        valueOffsets[i + 1] = flat.length;
      }
      const child = columnData(t.of, flat);
      return makeData({ type: new List(new Field('l', child.type, true)), length, nullCount, nullBitmap, valueOffsets, child });
    }
    case 'STRUCT': {
      if (t.fields.size === 0) break;
      const children = [...t.fields].map(([k, f]) => columnData(f, values.map((v) => (v === null ? null : (v as JsonObject).get(k) ?? null))));
      const type = new Struct([...t.fields.keys()].map((k, i) => new Field(k, children[i]!.type, true)));
      return makeData({ type, length, nullCount, nullBitmap, children });
    }
    default:
      break;
  }
  // Text: as written (TEXT), or JSON text.
  const texts = values.map((v) => (v === null ? '' : t.t === 'TEXT' ? (v as string) : jsonText(v)));
  let size = 0;
  for (const text of texts) size += text.length;
  let data = new Uint8Array(size * 3);
  const valueOffsets = new Int32Array(length + 1);
  let at = 0;
  for (let i = 0; i < length; i++) {
    at += encoder.encodeInto(texts[i]!, data.subarray(at)).written;
    valueOffsets[i + 1] = at;
  }
  data = data.slice(0, at);
  return makeData({ type: new Utf8(), length, nullCount, nullBitmap, valueOffsets, data });
}

const encoder = new TextEncoder();

export type JsonChunkEvent =
  | { kind: 'chunk'; generation: number; index: number; ipc: Uint8Array; rows: number; columns: ChunkColumn[]; textRead: number }
  /** The first read's chunks do not all cast to the final types: the rows are read again (generation 1). */
  | { kind: 'restart' };

export interface JsonChunksDone {
  columns: ChunkColumn[];
  keys: string[];
  conflict: KindConflict | null;
  rows: number;
  /** The columns read_json types JSON (values of different kinds), held as each value's JSON text. */
  jsonText: string[];
}

/** Text of a chunk: the first is small (the first rows show at once), the next ones up to `chunkChars`. */
const FIRST_CHUNK_CHARS = 512 * 1024;

/**
 * JSON rows from `texts()` (decoded text, fed in order; called again for a second read) as Arrow chunks with
 * read_json's types. Yields each chunk (the caller inserts it before asking for the next), returns the final
 * columns. Throws `JsonRowsError` with the line and the sentence for a file that is not JSON rows.
 */
export async function* jsonChunks(mode: 'array' | 'lines', texts: () => AsyncIterable<string>, chunkChars: number, firstChunkChars = FIRST_CHUNK_CHARS): AsyncGenerator<JsonChunkEvent, JsonChunksDone> {
  let chunker = new JsonChunker();
  let reader = new JsonRowReader(mode);
  let generation = 0;
  for (;;) {
    let index = 0;
    let rows = 0;
    let textRead = 0;
    let sinceChunk = 0;
    const add = chunker.add.bind(chunker);
    for await (const text of texts()) {
      reader.feed(text, add);
      textRead += text.length;
      sinceChunk += text.length;
      if (chunker.pending > 0 && sinceChunk >= (index === 0 ? firstChunkChars : chunkChars)) {
        const chunk = chunker.takeChunk();
        rows += chunk.rows;
        sinceChunk = 0;
        yield { kind: 'chunk', generation, index: index++, ...chunk, textRead };
      }
    }
    reader.finish(add);
    if (chunker.pending > 0) {
      const chunk = chunker.takeChunk();
      rows += chunk.rows;
      yield { kind: 'chunk', generation, index, ...chunk, textRead };
    }
    if (generation > 0 || chunker.chunksCast()) return { columns: chunker.columns(), keys: [...reader.keys], conflict: reader.scanner.conflict, rows, jsonText: chunker.jsonTextColumns() };
    // A value changed a column's type in a way the chunks already built cannot be cast to: read again with the final types.
    chunker = new JsonChunker(chunker.types);
    reader = new JsonRowReader(mode);
    generation = 1;
    yield { kind: 'restart' };
  }
}
