import { describeScanProblem, guessDelimiter, scanCsv } from '../../shared/csv-scan.ts';
import type { CsvOptions } from '../../shared/csv-options.ts';
import type { AppError } from '../../shared/result.ts';
import { readHead } from './file-source.ts';
import type { FileSource, SniffedCsv } from './types.ts';

/** How much of a CSV file's start the structure scan reads. */
const SCAN_BYTES = 8 * 1024 * 1024;

/**
 * DuckDB's sniffer gives up on irregular files without naming a line, or reads them as one text
 * column. When that happens, or the start of the file has a quote that never closes, scan the
 * text and name the line.
 */
export async function scanStructure(source: FileSource, fileName: string, options: CsvOptions, sniffed: SniffedCsv | null): Promise<AppError | null> {
  const suspicious = sniffed === null || (sniffed.columns.length === 1 && options.delimiter === undefined);
  const small = source.size <= SCAN_BYTES;
  if (!suspicious && !small) return null;
  let text: string;
  try {
    text = new TextDecoder(options.encoding === 'latin-1' ? 'latin1' : options.encoding === 'utf-16' ? 'utf-16le' : 'utf-8').decode(await readHead(source, SCAN_BYTES));
  } catch {
    return null;
  }
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0);
  const delimiter = options.delimiter ?? (sniffed && sniffed.columns.length > 1 ? sniffed.delimiter : guessDelimiter(firstLine));
  if (!delimiter) return null;
  const quote = options.quote ?? '"';
  const problem = scanCsv(text, delimiter, quote, small, options.skip ?? 0);
  // Where the sniffer found a dialect, DuckDB reports ragged rows itself; only an open quote is ours to name.
  if (!problem || (!suspicious && problem.kind === 'ragged')) return null;
  const fixes = problem.kind === 'unterminated-quote' ? ['quotes-as-text'] : problem.fields < problem.expected ? ['pad-columns', 'skip-bad-rows'] : ['skip-bad-rows'];
  return {
    kind: 'csv-structure',
    file: fileName,
    line: problem.line,
    message: `${fileName} (line ${problem.line}): ${describeScanProblem(problem)}.`,
    fixes: fixes.map((f) => `${f}|${delimiter}`),
  };
}
