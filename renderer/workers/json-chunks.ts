import { Bool, type Builder, Field, Float64, Int64, List, makeBuilder, makeData, RecordBatch, Schema, Struct, Table, tableToIPC, Utf8, type DataType } from 'apache-arrow';
import { JsonFloat, type JsonObject, type JsonValue } from '../../shared/json-parse.ts';
import { JsonRowReader } from '../../shared/json-row-reader.ts';
import type { KindConflict } from '../../shared/json-rows.ts';
import { castable, jsonText, NULL_TYPE, RowTypes, sqlType, type JsonType } from '../../shared/json-types.ts';

/**
 * JSON rows into Arrow chunks with read_json's types (`shared/json-types.ts`), off the UI thread. Rows are
 * gathered until a chunk's worth; each chunk is built with the types of every row read so far, and the
 * engine casts the chunks to the final types when they are merged. Text is stored as written (a DATE column
 * is text here, cast by the engine), JSON-typed values as read_json writes their text.
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
    const vectors = names.map((name, i) => {
      const type = types[i]!;
      const builder = nullChecked(makeBuilder({ type: storageType(type), nullValues: [] }));
      for (const row of rows) builder.append(storageValue(row.get(name) ?? null, type));
      return builder.finish().toVector();
    });
    const fields = names.map((name, i) => new Field(name, vectors[i]!.type as DataType, true));
    const data = makeData({ type: new Struct(fields), length: rows.length, nullCount: 0, children: vectors.map((v) => v.data[0]!) });
    const table = new Table([new RecordBatch(new Schema(fields), data)]);
    return { ipc: tableToIPC(table, 'stream'), rows: rows.length, columns: this.columns() };
  }

  columns(): ChunkColumn[] {
    return [...this.types].map(([name, t]) => ({ name, type: sqlType(t, 'app') }));
  }

  /** Whether every chunk built so far becomes the final types by a cast (else the rows must be read again). */
  chunksCast(): boolean {
    return this.built.every((types) => [...types].every(([k, t]) => castable(t, this.types.get(k) ?? t)));
  }
}

/**
 * apache-arrow compiles its null check with `new Function` when given null values, which the app's
 * Content-Security-Policy forbids (no 'unsafe-eval'); with none it treats every value as valid. So the
 * builders get none, and this plain check instead (on every nested builder too).
 */
function nullChecked<B extends Builder>(builder: B): B {
  Object.defineProperty(builder, '_isValid', { value: isPresent });
  for (const child of builder.children) nullChecked(child);
  return builder;
}

const isPresent = (value: unknown): boolean => value !== null && value !== undefined;

/** How values of a type are stored in the chunk (text as written, JSON as text). */
function storageType(t: JsonType): DataType {
  switch (t.t) {
    case 'BIGINT':
      return new Int64();
    case 'DOUBLE':
      return new Float64();
    case 'BOOLEAN':
      return new Bool();
    case 'LIST':
      return new List(new Field('l', storageType(t.of), true));
    case 'STRUCT':
      return t.fields.size === 0 ? new Utf8() : new Struct([...t.fields].map(([k, f]) => new Field(k, storageType(f), true)));
    default:
      return new Utf8();
  }
}

function storageValue(v: JsonValue, t: JsonType): unknown {
  if (v === null) return null;
  switch (t.t) {
    case 'BIGINT':
      return typeof v === 'bigint' ? v : BigInt(v as number);
    case 'DOUBLE':
      return v instanceof JsonFloat ? v.value : Number(v as number | bigint);
    case 'BOOLEAN':
    case 'TEXT':
      return v;
    case 'LIST': {
      const of = t.of;
      return (v as JsonValue[]).map((x) => storageValue(x, of));
    }
    case 'STRUCT': {
      if (t.fields.size === 0) return jsonText(v);
      const object = v as JsonObject;
      const out: Record<string, unknown> = {};
      for (const [k, f] of t.fields) out[k] = storageValue(object.get(k) ?? null, f);
      return out;
    }
    default:
      return jsonText(v);
  }
}

export type JsonChunkEvent =
  | { kind: 'chunk'; generation: number; index: number; ipc: Uint8Array; rows: number; columns: ChunkColumn[]; textRead: number }
  /** The first read's chunks do not all cast to the final types: the rows are read again (generation 1). */
  | { kind: 'restart' };

export interface JsonChunksDone {
  columns: ChunkColumn[];
  keys: string[];
  conflict: KindConflict | null;
  rows: number;
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
    if (generation > 0 || chunker.chunksCast()) return { columns: chunker.columns(), keys: [...reader.keys], conflict: reader.scanner.conflict, rows };
    // A value changed a column's type in a way the chunks already built cannot be cast to: read again with the final types.
    chunker = new JsonChunker(chunker.types);
    reader = new JsonRowReader(mode);
    generation = 1;
    yield { kind: 'restart' };
  }
}
