import { formatBytes } from '../../shared/format-text.ts';
import type { AppError } from '../../shared/result.ts';

/** The fixes worth offering for a CSV reading error. */
export function csvFixes(error: AppError): string[] {
  if (error.fixes) return error.fixes;
  const text = error.message;
  const fixes: string[] = [];
  if (/not utf-8 encoded|Invalid unicode/i.test(text)) fixes.push('encoding-latin-1');
  if (/Expected Number of Columns|too many columns|Found: \d+/i.test(text)) fixes.push('pad-columns', 'skip-bad-rows');
  else if (/Could not convert|conversion|cast/i.test(text)) fixes.push('all-text', 'skip-bad-rows');
  else if (/CSV Error/i.test(text) && !fixes.includes('skip-bad-rows')) fixes.push('skip-bad-rows');
  return fixes;
}

/** A fix as "<fix>" or "<fix>|<argument>" (a delimiter, a column, a size in bytes). */
export function parseFix(offered: string): { fix: string; arg: string | undefined } {
  const at = offered.indexOf('|');
  return at < 0 ? { fix: offered, arg: undefined } : { fix: offered.slice(0, at), arg: offered.slice(at + 1) };
}

export function fixLabel(offered: string): string {
  const { fix, arg } = parseFix(offered);
  if (fix === 'text-column' && arg !== undefined) return `Read "${arg}" as text`;
  if (fix === 'max-line-size' && arg !== undefined) return `Allow lines up to ${formatBytes(Number(arg))}`;
  return FIX_LABELS[fix] ?? fix;
}

export const FIX_LABELS: Record<string, string> = {
  'encoding-latin-1': 'Read as Latin-1',
  'skip-bad-rows': 'Skip bad rows',
  'pad-columns': 'Pad missing columns with NULL',
  'all-text': 'Read all columns as text',
  'quotes-as-text': 'Read quotes as plain text',
  reload: 'Reload the file',
};
