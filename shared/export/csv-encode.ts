import type { CsvExportOptions } from './formats.ts';
import { ByteBuilder, isValid, utf8Bytes, type Utf8Column } from './utf8-column.ts';

/**
 * CSV as native DuckDB's `COPY … TO (FORMAT csv)` writes it, from columns DuckDB already turned into text
 * (`csvSelectSql`): NULL is an empty field; a value is quoted (quotes doubled) when it is empty or holds
 * the delimiter, a quote or a line break; lines end with `\n`.
 */

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export class CsvEncoder {
  private readonly delimiter: Uint8Array;

  constructor(private readonly options: CsvExportOptions) {
    this.delimiter = utf8Bytes(options.delimiter);
  }

  /** The header line, when the options ask for one. */
  header(names: readonly string[]): Uint8Array {
    if (!this.options.header) return new Uint8Array(0);
    const out = new ByteBuilder(256);
    names.forEach((name, i) => {
      if (i > 0) out.append(this.delimiter);
      const bytes = utf8Bytes(name);
      this.field(out, bytes, 0, bytes.length);
    });
    out.byte(LF);
    return out.bytes();
  }

  /** The lines of one batch of rows. */
  rows(columns: readonly Utf8Column[], rowCount: number): Uint8Array {
    let estimate = rowCount * (columns.length + 1);
    for (const c of columns) estimate += (c.valueOffsets[c.length] ?? 0) - (c.valueOffsets[0] ?? 0);
    const out = new ByteBuilder(Math.max(1024, Math.ceil(estimate * 1.1)));
    for (let r = 0; r < rowCount; r++) {
      for (let c = 0; c < columns.length; c++) {
        if (c > 0) out.append(this.delimiter);
        const column = columns[c]!;
        if (!isValid(column, r)) continue;
        this.field(out, column.values, column.valueOffsets[r]!, column.valueOffsets[r + 1]!);
      }
      out.byte(LF);
    }
    return out.bytes();
  }

  private field(out: ByteBuilder, bytes: Uint8Array, start: number, end: number): void {
    if (!this.needsQuotes(bytes, start, end)) return out.append(bytes, start, end);
    out.byte(QUOTE);
    let from = start;
    for (let i = start; i < end; i++) {
      if (bytes[i] !== QUOTE) continue;
      out.append(bytes, from, i + 1);
      out.byte(QUOTE);
      from = i + 1;
    }
    out.append(bytes, from, end);
    out.byte(QUOTE);
  }

  private needsQuotes(bytes: Uint8Array, start: number, end: number): boolean {
    if (start === end) return true;
    const d = this.delimiter;
    const first = d[0];
    for (let i = start; i < end; i++) {
      const b = bytes[i];
      if (b === QUOTE || b === LF || b === CR) return true;
      if (b === first && (d.length === 1 || matchesAt(bytes, i, end, d))) return true;
    }
    return false;
  }
}

function matchesAt(bytes: Uint8Array, at: number, end: number, needle: Uint8Array): boolean {
  if (at + needle.length > end) return false;
  for (let j = 1; j < needle.length; j++) if (bytes[at + j] !== needle[j]) return false;
  return true;
}
