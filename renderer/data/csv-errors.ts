import type { AppError } from '../../shared/result.ts';

/** The fixes worth offering for a CSV reading error. */
export function csvFixes(error: AppError): string[] {
  const text = error.message;
  const fixes: string[] = [];
  if (/not utf-8 encoded|Invalid unicode/i.test(text)) fixes.push('encoding-latin-1');
  if (/Expected Number of Columns|too many columns|Found: \d+/i.test(text)) fixes.push('pad-columns', 'skip-bad-rows');
  else if (/Could not convert|conversion|cast/i.test(text)) fixes.push('all-text', 'skip-bad-rows');
  else if (/CSV Error/i.test(text) && !fixes.includes('skip-bad-rows')) fixes.push('skip-bad-rows');
  return fixes;
}

export function fixLabel(fix: string): string {
  return FIX_LABELS[fix.split('|')[0] ?? fix] ?? fix;
}

export const FIX_LABELS: Record<string, string> = {
  'encoding-latin-1': 'Read as Latin-1',
  'skip-bad-rows': 'Skip bad rows',
  'pad-columns': 'Pad missing columns with NULL',
  'all-text': 'Read all columns as text',
  'quotes-as-text': 'Read quotes as plain text',
};
