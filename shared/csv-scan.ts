/**
 * A quick structural scan of CSV text, to name the exact line where a file stops being regular
 * (a row with a different number of fields, a quote that never closes). DuckDB's sniffer gives up
 * on such files without saying where; this says where.
 */

export type CsvScanProblem =
  | { kind: 'ragged'; line: number; fields: number; expected: number }
  | { kind: 'unterminated-quote'; line: number };

/** The delimiter the header line most likely uses, or undefined. */
export function guessDelimiter(firstLine: string): string | undefined {
  let best: string | undefined;
  let bestCount = 0;
  for (const d of [',', '\t', ';', '|']) {
    const count = firstLine.split(d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Scans `text` (the start of a file; `complete` when it is the whole file) with `delimiter` and `quote`.
 * Returns the first problem, or null. Blank lines are ignored; `skip` leading lines are not checked.
 */
export function scanCsv(text: string, delimiter: string, quote: string, complete: boolean, skip = 0): CsvScanProblem | null {
  let line = 1;
  let fields = 1;
  let expected: number | null = null;
  let inQuotes = false;
  let quoteLine = 0;
  let lineHasContent = false;
  /** Whether the next character starts a field (only there does a quote open a quoted field). */
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === quote) {
        if (text[i + 1] === quote) i++;
        else inQuotes = false;
      } else if (ch === '\n') line++;
      continue;
    }
    if (quote !== '' && ch === quote && fieldStart) {
      inQuotes = true;
      quoteLine = line;
      lineHasContent = true;
      fieldStart = false;
    } else if (text.startsWith(delimiter, i)) {
      fields++;
      lineHasContent = true;
      i += delimiter.length - 1;
      fieldStart = true;
    } else if (ch === '\n') {
      if (lineHasContent && line > skip) {
        if (expected === null) expected = fields;
        else if (fields !== expected) return { kind: 'ragged', line, fields, expected };
      }
      line++;
      fields = 1;
      lineHasContent = false;
      fieldStart = true;
    } else if (ch !== '\r') {
      lineHasContent = true;
      fieldStart = false;
    }
  }
  if (inQuotes && complete) return { kind: 'unterminated-quote', line: quoteLine };
  if (complete && lineHasContent && expected !== null && fields !== expected && line > skip) return { kind: 'ragged', line, fields, expected };
  return null;
}

export function describeScanProblem(problem: CsvScanProblem): string {
  return problem.kind === 'ragged'
    ? `row has ${problem.fields} fields where the header has ${problem.expected}`
    : 'a quoted field starts here and is never closed';
}
