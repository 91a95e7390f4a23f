import { ByteBuilder, isValid, utf8Bytes, type Utf8Column } from './utf8-column.ts';

/**
 * Frames the JSON text of each row (`jsonRowsSql`) as native DuckDB's writer does: NDJSON one object a
 * line; a JSON array as `[`, each object on its own tab-indented line with a comma after all but the
 * last, then `]`.
 */
const LF = 0x0a;
const TAB = 0x09;
const COMMA = 0x2c;

export class JsonFramer {
  private rowsWritten = 0;

  constructor(private readonly array: boolean) {}

  start(): Uint8Array {
    return this.array ? utf8Bytes('[\n') : new Uint8Array(0);
  }

  rows(column: Utf8Column): Uint8Array {
    const out = new ByteBuilder(Math.max(1024, (column.valueOffsets[column.length] ?? 0) - (column.valueOffsets[0] ?? 0) + column.length * 3));
    for (let r = 0; r < column.length; r++) {
      const text = isValid(column, r) ? column.values.subarray(column.valueOffsets[r]!, column.valueOffsets[r + 1]!) : utf8Bytes('null');
      if (this.array) {
        if (this.rowsWritten > 0) {
          out.byte(COMMA);
          out.byte(LF);
        }
        out.byte(TAB);
        out.append(text);
      } else {
        out.append(text);
        out.byte(LF);
      }
      this.rowsWritten++;
    }
    return out.bytes();
  }

  end(): Uint8Array {
    if (!this.array) return new Uint8Array(0);
    // Native DuckDB writes an empty array as `[`, an empty indented line, `]`.
    return utf8Bytes(this.rowsWritten > 0 ? '\n]\n' : '\t\n]\n');
  }
}
