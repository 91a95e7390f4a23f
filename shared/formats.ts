/** Which reader a file needs, from its name and its first bytes. */

export type FileFormat = 'csv' | 'parquet' | 'json' | 'ndjson' | 'arrow';

export const FORMAT_LABELS: Record<FileFormat, string> = {
  csv: 'CSV',
  parquet: 'Parquet',
  json: 'JSON',
  ndjson: 'NDJSON',
  arrow: 'Arrow IPC',
};

/** The extensions the open dialog offers. */
export const OPEN_EXTENSIONS = ['csv', 'tsv', 'txt', 'psv', 'tab', 'gz', 'parquet', 'pq', 'json', 'ndjson', 'jsonl', 'arrow', 'arrows', 'feather', 'ipc'];

export function formatFromName(fileName: string): FileFormat | undefined {
  const lower = fileName.toLowerCase().replace(/\.(gz|zst)$/, '');
  const ext = lower.slice(lower.lastIndexOf('.') + 1);
  switch (ext) {
    case 'csv':
    case 'tsv':
    case 'txt':
    case 'psv':
    case 'tab':
      return 'csv';
    case 'parquet':
    case 'pq':
      return 'parquet';
    case 'json':
      return 'json';
    case 'ndjson':
    case 'jsonl':
      return 'ndjson';
    case 'arrow':
    case 'arrows':
    case 'feather':
    case 'ipc':
      return 'arrow';
    default:
      return undefined;
  }
}

export type Sniffed =
  | { kind: 'format'; format: FileFormat }
  | { kind: 'text' }
  | { kind: 'gzip' }
  | { kind: 'empty' }
  | { kind: 'binary' };

const ascii = (bytes: Uint8Array, start: number, text: string) =>
  text.split('').every((ch, i) => bytes[start + i] === ch.charCodeAt(0));

/** What the first bytes of a file say it is. `head` is the first few KB. */
export function sniffBytes(head: Uint8Array, totalSize: number): Sniffed {
  if (totalSize === 0) return { kind: 'empty' };
  if (ascii(head, 0, 'PAR1')) return { kind: 'format', format: 'parquet' };
  if (ascii(head, 0, 'ARROW1')) return { kind: 'format', format: 'arrow' };
  if (head[0] === 0xff && head[1] === 0xff && head[2] === 0xff && head[3] === 0xff) return { kind: 'format', format: 'arrow' };
  if (head[0] === 0x1f && head[1] === 0x8b) return { kind: 'gzip' };
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  if (!utf16 && head.includes(0)) return { kind: 'binary' };
  let i = 0;
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) i = 3;
  while (i < head.length && (head[i] === 0x20 || head[i] === 0x0a || head[i] === 0x0d || head[i] === 0x09)) i++;
  if (head[i] === 0x5b /* [ */) return { kind: 'format', format: 'json' };
  if (head[i] === 0x7b /* { */) return { kind: 'format', format: 'ndjson' };
  return { kind: 'text' };
}

/**
 * The format to read a file as: the bytes win over the extension where they are unambiguous
 * (a `.csv` that is really Parquet is read as Parquet); a file that cannot be data is refused with a reason.
 */
export function decideFormat(fileName: string, head: Uint8Array, totalSize: number):
  | { ok: true; format: FileFormat }
  | { ok: false; reason: string } {
  const byName = formatFromName(fileName);
  const sniffed = sniffBytes(head, totalSize);
  switch (sniffed.kind) {
    case 'empty':
      return { ok: false, reason: 'the file is empty (0 bytes)' };
    case 'format': {
      const strongMagic = sniffed.format === 'parquet' || ascii(head, 0, 'ARROW1');
      if (strongMagic) return { ok: true, format: sniffed.format };
      if (sniffed.format === 'arrow') {
        return byName === 'arrow' ? { ok: true, format: 'arrow' } : { ok: false, reason: 'it is a binary file, not text' };
      }
      // '[' or '{' first: JSON unless the name says otherwise.
      if (byName === 'json' || byName === 'ndjson' || byName === 'csv') return { ok: true, format: byName };
      return { ok: true, format: sniffed.format };
    }
    case 'gzip':
      return byName === 'csv' ? { ok: true, format: 'csv' } : { ok: false, reason: 'it is gzip-compressed; only compressed CSV (.csv.gz) is supported' };
    case 'binary':
      return { ok: false, reason: byName === 'parquet' ? 'it is not a Parquet file (no PAR1 header)' : 'it is a binary file, not text' };
    case 'text':
      if (byName === 'parquet') return { ok: false, reason: 'it is not a Parquet file (no PAR1 header)' };
      if (byName === 'arrow') return { ok: false, reason: 'it is not an Arrow IPC file (no ARROW1 header or stream marker)' };
      return { ok: true, format: byName ?? 'csv' };
  }
}
