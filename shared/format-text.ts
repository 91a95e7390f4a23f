/** Human-facing number formatting shared by the app and the CLI. */

const intFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatCount(n: number | bigint): string {
  return intFormat.format(n);
}

export function formatRows(n: number | bigint): string {
  return `${formatCount(n)} ${n === 1 || n === 1n ? 'row' : 'rows'}`;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}
