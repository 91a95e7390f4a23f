/**
 * A column of UTF-8 text as Arrow lays it out (an Arrow `Data` of type Utf8 has exactly these fields), so
 * the writers copy bytes without decoding every value into a JavaScript string.
 */
export interface Utf8Column {
  /** Rows in this column. */
  length: number;
  /** The first row's position in `nullBitmap`. */
  offset: number;
  nullCount: number;
  /** Bit per row (from `offset`), 1 = a value; may be empty when no row is NULL. */
  nullBitmap?: Uint8Array | null;
  /** `length + 1` offsets into `values`, relative to this column. */
  valueOffsets: Int32Array;
  values: Uint8Array;
}

export function isValid(column: Utf8Column, row: number): boolean {
  if (column.nullCount === 0 || !column.nullBitmap || column.nullBitmap.length === 0) return true;
  const bit = column.offset + row;
  return ((column.nullBitmap[bit >> 3] ?? 0) & (1 << (bit & 7))) !== 0;
}

/** Grows as bytes are appended; `bytes()` is a view of what was written. */
export class ByteBuilder {
  private buffer: Uint8Array;
  private used = 0;

  constructor(initial = 1 << 16) {
    this.buffer = new Uint8Array(initial);
  }

  private reserve(extra: number): void {
    if (this.used + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.used + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.used));
    this.buffer = next;
  }

  byte(b: number): void {
    this.reserve(1);
    this.buffer[this.used++] = b;
  }

  append(bytes: Uint8Array, start = 0, end = bytes.length): void {
    this.reserve(end - start);
    this.buffer.set(bytes.subarray(start, end), this.used);
    this.used += end - start;
  }

  get length(): number {
    return this.used;
  }

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.used);
  }
}

/** UTF-8 bytes of a string (shared/ has no TextEncoder: no DOM or Node types here). */
export function utf8Bytes(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}
