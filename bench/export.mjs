// Exporting the loaded dataset from the app, by clicking: Export → CSV… / Parquet… → Export.
/* global window */

/**
 * The save picker is replaced in the page by one whose writable counts the bytes and drops them, so the
 * figure is the app's export (DuckDB streaming, formatting, the Parquet worker, the sink), not the disk.
 * The JS heap of the page (`performance.memory`, precise with --enable-precise-memory-info; the Parquet
 * worker's heap is not in it) is sampled every 50 ms from the click to the success sentence; growth is
 * the peak over the heap before the click (after a GC where the page exposes `gc`).
 */
export async function benchExport(page, { format, label, timeout, log }) {
  await page.evaluate(() => {
    const state = { bytes: 0, writes: 0, closed: false, peak: 0, before: 0, timer: 0 };
    window.__benchExport = state;
    window.showSaveFilePicker = (options) =>
      Promise.resolve({
        name: options.suggestedName,
        createWritable: () =>
          Promise.resolve({
            write: (data) => {
              state.bytes += data.byteLength;
              state.writes++;
              return Promise.resolve();
            },
            close: () => {
              state.closed = true;
              return Promise.resolve();
            },
            abort: () => Promise.resolve(),
          }),
      });
  });
  await page.evaluate(() => {
    window.gc?.();
    const state = window.__benchExport;
    state.before = performance.memory.usedJSHeapSize;
    state.peak = state.before;
    state.timer = setInterval(() => (state.peak = Math.max(state.peak, performance.memory.usedJSHeapSize)), 50);
  });
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await page.getByRole('menuitem', { name: `${label}…` }).click();
  const dialog = page.getByRole('dialog', { name: `Export ${label}` });
  const t0 = performance.now();
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  await dialog.getByRole('status').filter({ hasText: /^Exported / }).waitFor({ timeout });
  const seconds = (performance.now() - t0) / 1000;
  const state = await page.evaluate(() => {
    const s = window.__benchExport;
    clearInterval(s.timer);
    s.peak = Math.max(s.peak, performance.memory.usedJSHeapSize);
    return { bytes: s.bytes, writes: s.writes, closed: s.closed, before: s.before, peak: s.peak };
  });
  await dialog.getByRole('button', { name: 'Close' }).click();
  const result = {
    format,
    seconds,
    bytes: state.bytes,
    writes: state.writes,
    committed: state.closed,
    heapBeforeMB: state.before / 2 ** 20,
    heapPeakMB: state.peak / 2 ** 20,
    heapGrowthMB: (state.peak - state.before) / 2 ** 20,
  };
  log(`  export ${label}: ${seconds.toFixed(1)} s, ${(state.bytes / 2 ** 20).toFixed(0)} MB, JS heap +${result.heapGrowthMB.toFixed(1)} MB`);
  return result;
}
