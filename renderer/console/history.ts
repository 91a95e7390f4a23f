/** Console history, kept across restarts in localStorage (most recent first, no duplicates). */

const KEY = 'sluice.console.history.v1';
const MAX = 100;

export function loadHistory(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((q): q is string => typeof q === 'string').slice(0, MAX) : [];
  } catch {
    return [];
  }
}

export function remember(query: string, history: string[]): string[] {
  const next = [query, ...history.filter((q) => q !== query)].slice(0, MAX);
  try {
    localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // Storage full or unavailable: history stays in memory for this session.
  }
  return next;
}
