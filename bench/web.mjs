// Web mode: the built app served by scripts/web.mjs, driven through its real UI in headless Chromium.
// Functions passed to page.evaluate run in the page, hence its globals:
/* global window, document, requestAnimationFrame */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { benchExport } from './export.mjs';
import { median } from './native.mjs';
import { ident, PROFILE_COLUMN, scanQueries } from './queries.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Without it performance.memory is coarse and cached, and heap deltas read as 0.
  '--enable-precise-memory-info',
  // window.gc(), so heap growth during an export is measured from a collected heap.
  '--js-flags=--expose-gc',
];
/** The grid's vertical scroller: `.ag-body-viewport` up to AG Grid 34, `.ag-grid-viewport` since. */
const VIEWPORT = '.ag-body-viewport, .ag-grid-viewport';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function answers(url) {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

/**
 * Start `node scripts/web.mjs --no-build` (vite preview) in its own process group and wait until it answers.
 * @returns {Promise<{ url: string, stop: () => void }>}
 */
export async function startServer(root, port) {
  const url = `http://localhost:${port}/`;
  if (await answers(url)) throw new Error(`port ${port} is already in use (something answers at ${url}); stop it and re-run`);
  const child = spawn(process.execPath, ['scripts/web.mjs', '--no-build'], {
    cwd: root,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const keep = (chunk) => (output = (output + chunk).slice(-2000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const stop = () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid, 'SIGTERM'); // the group: web.mjs and the vite preview it started
    } catch {
      child.kill('SIGTERM');
    }
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the web server exited (code ${child.exitCode}) before answering:\n${output.trim()}`);
    if (await answers(url)) return { url, stop };
    await sleep(200);
  }
  stop();
  throw new Error(`the web server did not answer at ${url} within 30 s:\n${output.trim()}`);
}

export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH`);
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/**
 * Resident memory (MB) of the Chromium processes this Node process started: the renderers
 * (`--type=renderer`, which host the page's web workers as threads) and all of Chromium.
 */
export async function chromiumMemory() {
  const { stdout } = await promisify(execFile)('ps', ['-e', '-ww', '-o', 'pid=,ppid=,rss=,args=']);
  const procs = stdout
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter(Boolean)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), rssKb: Number(m[3]), args: m[4] }));
  const mine = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs) {
      if (!mine.has(p.pid) && mine.has(p.ppid)) {
        mine.add(p.pid);
        grew = true;
      }
    }
  }
  const chrome = procs.filter((p) => mine.has(p.pid) && p.pid !== process.pid && /chrom/i.test(p.args));
  const renderers = chrome.filter((p) => p.args.includes('--type=renderer'));
  const mb = (list) => list.reduce((sum, p) => sum + p.rssKb, 0) / 1024;
  return { rendererMB: mb(renderers), chromiumMB: mb(chrome), renderers: renderers.length, rendererPids: renderers.map((p) => p.pid) };
}

/** Current RSS (MB) of these processes, from /proc (cheap enough to sample often; `ps` costs ~30 ms of CPU). */
function rssMB(pids) {
  let kb = 0;
  for (const pid of pids) {
    try {
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
    } catch {
      // the process has gone
    }
  }
  return kb / 1024;
}

/** Samples the RSS of `pids` every `ms`; `stop()` returns the highest sample (MB). */
function memoryPeak(pids, ms) {
  let peak = rssMB(pids);
  const timer = setInterval(() => (peak = Math.max(peak, rssMB(pids))), ms);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, rssMB(pids));
    },
  };
}

const jsHeapMB = (page) => page.evaluate(() => (performance.memory ? performance.memory.usedJSHeapSize / 2 ** 20 : null));

/** Rejects as soon as the app shows an error alert, so a failed load is reported as such. */
function failOnAlert(page, timeout) {
  return page
    .getByRole('alert')
    .first()
    .waitFor({ timeout })
    .then(async () => {
      throw new Error(`the app reported: ${(await page.getByRole('alert').first().innerText()).trim()}`);
    });
}

/**
 * Instruments the page before a pick. From the file input's change event (the moment the app gets
 * the file) it records each change of the dataset's state (status, progress label, row count,
 * storage) as a timeline, and the first animation frame in which each milestone shows as marks:
 * `firstRows` (the first row's id cell), `countShown` (the text "N rows") and `loaded` (count shown,
 * no loading progress bar). Polled every frame: Playwright's own waits back off to 500 ms polls.
 */
function instrumentOpen(page, { countText, progressLabel }) {
  return page.evaluate(
    ({ countText, progressLabel }) => {
      const store = window.sluice.workbench.store;
      const marks = (window.__benchMarks = {});
      const timeline = (window.__benchTimeline = []);
      let t0 = null;
      let last = '';
      const at = () => Math.round(performance.now() - t0) / 1000;
      const shows = {
        firstRows: () => [...document.querySelectorAll('[role="gridcell"][col-id="c0"]')].some((c) => c.textContent.trim() === '1'),
        countShown: () => document.evaluate(`//*[text()="${countText}"]`, document, null, 9, null).singleNodeValue !== null,
        loaded: () => marks.countShown !== undefined && !document.querySelector(`[aria-label="${progressLabel}"]`),
      };
      const watch = () => {
        for (const [name, test] of Object.entries(shows)) {
          if (marks[name] === undefined && test()) timeline.push({ t: (marks[name] = at()), event: `${name} (on screen)` });
        }
        if (Object.keys(marks).length < Object.keys(shows).length) requestAnimationFrame(watch);
      };
      document.addEventListener(
        'change',
        (e) => {
          if (t0 !== null || e.target?.type !== 'file') return;
          t0 = performance.now();
          timeline.push({ t: 0, event: 'file picked (input change)' });
          requestAnimationFrame(watch);
        },
        true,
      );
      store.subscribe(() => {
        const d = store.get().datasets.at(-1);
        if (t0 === null || !d) return;
        const text = `${d.status}, ${d.progress?.label ?? 'no progress'}, rows ${d.rowCount ?? '?'}, storage ${d.storage}`;
        if (text !== last) timeline.push({ t: at(), event: (last = text) });
      });
    },
    { countText, progressLabel },
  );
}

/** Seconds from the pick to the frame a milestone showed (see instrumentOpen). */
async function mark(page, name, timeout) {
  const handle = await page.waitForFunction((n) => window.__benchMarks?.[n] !== undefined && { t: window.__benchMarks[n] }, name, { polling: 'raf', timeout });
  return (await handle.jsonValue()).t;
}

/** Run each scan `runs` times through the app's engine client, timed inside the page (as queries.mjs fillStep). */
function timeQueriesInPage(page, queries, runs) {
  return page.evaluate(
    async ({ queries, runs }) => {
      const engine = window.sluice.workbench.engine;
      const out = {};
      for (const [name, steps] of Object.entries(queries)) {
        out[name] = [];
        for (let i = 0; i < runs; i++) {
          const t0 = performance.now();
          let previous = [];
          for (const step of steps) {
            const result = await engine.rows(step.replace(/\{(\d+)\}/g, (_, k) => String(Number(previous[Number(k)]))));
            if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
            previous = result.value[0] ?? [];
          }
          out[name].push((performance.now() - t0) / 1000);
        }
      }
      return out;
    },
    { queries, runs },
  );
}

/** Scroll the grid's viewport to `fraction` of its height; seconds until a row near there shows data. */
function jumpToFraction(page, fraction, rows) {
  return page.evaluate(
    ({ fraction, rows, VIEWPORT }) => {
      const viewport = document.querySelector(VIEWPORT);
      if (!viewport) throw new Error(`no grid viewport (${VIEWPORT})`);
      const target = Math.floor(rows * fraction);
      const tolerance = Math.max(50, Math.ceil(rows * 0.01));
      const t0 = performance.now();
      viewport.scrollTop = viewport.scrollHeight * fraction;
      return new Promise((resolve, reject) => {
        const check = () => {
          for (const row of document.querySelectorAll('.ag-row[row-index]')) {
            const index = Number(row.getAttribute('row-index'));
            const id = row.querySelector('[col-id="c0"]')?.textContent?.trim() ?? '';
            if (Math.abs(index - target) <= tolerance && id !== '' && !row.classList.contains('ag-row-loading')) {
              return resolve({ seconds: (performance.now() - t0) / 1000, rowIndex: index, id: Number(id), idMatchesIndex: Number(id) === index + 1 });
            }
          }
          if (performance.now() - t0 > 60_000) return reject(new Error(`no row near ${target} showed data within 60 s`));
          requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
    },
    { fraction, rows, VIEWPORT },
  );
}

/**
 * Click the first cell, press Control+End and wait for the last row's id cell (its text is the row count).
 * Timed in the page from the End keydown, and from Node around the key press (includes Playwright's round trips).
 */
async function jumpToEnd(page, rows) {
  const firstCell = page.getByRole('gridcell', { name: '1', exact: true }).first();
  await page.evaluate((selector) => (document.querySelector(selector).scrollTop = 0), VIEWPORT);
  await firstCell.click();
  await page.evaluate((lastId) => {
    window.__benchEnd = new Promise((resolve) => {
      const onKey = (e) => {
        if (e.key !== 'End') return;
        document.removeEventListener('keydown', onKey, true);
        const t0 = performance.now();
        const check = () => {
          const cells = document.querySelectorAll('[role="gridcell"][col-id="c0"]');
          if ([...cells].some((c) => c.textContent.trim() === lastId)) resolve((performance.now() - t0) / 1000);
          else requestAnimationFrame(check);
        };
        check();
      };
      document.addEventListener('keydown', onKey, true);
    });
  }, String(rows));
  const t0 = performance.now();
  await page.keyboard.press('Control+End');
  await page.getByRole('gridcell', { name: String(rows), exact: true }).waitFor({ timeout: 60_000 });
  const fromNode = (performance.now() - t0) / 1000;
  return { seconds: await page.evaluate(() => window.__benchEnd), fromNode };
}

/**
 * Open the column menu and pick Profile; time, in the page from the click, the first frame showing
 * the 'Max' figure (the app shows a sample's figures first) and the one showing 'Exact figures'.
 * Null with a reason where the UI lacks it.
 */
async function profileColumn(page, timeout) {
  await page.getByRole('button', { name: `Column menu for ${PROFILE_COLUMN}` }).click();
  const item = page.getByRole('menuitem', { name: 'Profile' });
  if (!(await item.waitFor({ timeout: 2000 }).then(() => true, () => false))) {
    await page.keyboard.press('Escape');
    return { seconds: null, firstFigures: null, reason: 'profile UI not available' };
  }
  await page.evaluate(() => {
    const marks = (window.__benchMarks = {});
    const onClick = (e) => {
      if (e.target?.closest?.('[role="menuitem"]')?.textContent.trim() !== 'Profile') return;
      document.removeEventListener('click', onClick, true);
      const t0 = performance.now();
      const watch = () => {
        const region = document.querySelector('[aria-label="Column profile"]');
        const texts = region ? [...region.querySelectorAll('*')].map((el) => el.textContent.trim()) : [];
        if (marks.firstFigures === undefined && texts.some((t) => t.startsWith('Max'))) marks.firstFigures = (performance.now() - t0) / 1000;
        if (marks.exact === undefined && texts.includes('Exact figures')) marks.exact = (performance.now() - t0) / 1000;
        if (marks.exact === undefined) requestAnimationFrame(watch);
      };
      requestAnimationFrame(watch);
    };
    document.addEventListener('click', onClick, true);
  });
  await item.click();
  const region = page.getByRole('region', { name: 'Column profile' });
  try {
    const firstFigures = await mark(page, 'firstFigures', timeout);
    await region.getByText(/^Max/).first().waitFor();
    const seconds = await mark(page, 'exact', timeout);
    await region.getByText('Exact figures').first().waitFor();
    return { seconds, firstFigures };
  } catch (e) {
    return { seconds: null, firstFigures: null, reason: `the profile did not complete: ${e.message.split('\n')[0]}` };
  }
}

/**
 * A pipeline edit, through the UI: add a filter step from the column menu, then edit it. Each time is
 * from the click on Apply/Save to the first grid row showing the new value (the preview), and to the
 * step's exact row count (computed in the background).
 */
async function pipelineEdit(page, timeout) {
  const watchFor = (value) =>
    page.evaluate((v) => {
      const marks = (window.__benchMarks = {});
      const onClick = (e) => {
        const label = e.target?.closest?.('button')?.textContent.trim();
        if (label !== 'Apply' && label !== 'Save') return;
        document.removeEventListener('click', onClick, true);
        const t0 = performance.now();
        const watch = () => {
          const first = document.querySelector('[row-index="0"] [role="gridcell"][col-id="c1"]');
          if (marks.preview === undefined && first?.textContent.trim() === v) marks.preview = (performance.now() - t0) / 1000;
          const count = document.querySelector('.dataset-header .row-count')?.textContent ?? '';
          if (marks.preview !== undefined && marks.count === undefined && /rows$/.test(count)) marks.count = (performance.now() - t0) / 1000;
          if (marks.count === undefined) requestAnimationFrame(watch);
        };
        requestAnimationFrame(watch);
      };
      document.addEventListener('click', onClick, true);
    }, value);
  try {
    await page.getByRole('button', { name: 'Column menu for category' }).click();
    await page.getByRole('menuitem', { name: 'Filter…' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Value').fill('golf');
    await watchFor('golf');
    await dialog.getByRole('button', { name: 'Apply' }).click();
    const add = { preview: await mark(page, 'preview', timeout), count: await mark(page, 'count', timeout) };
    await page.getByRole('region', { name: 'Pipeline' }).getByRole('button', { name: 'Edit step 1' }).click();
    await dialog.getByLabel('Value').fill('kilo');
    await watchFor('kilo');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const edit = { preview: await mark(page, 'preview', timeout), count: await mark(page, 'count', timeout) };
    return { add, edit };
  } catch (e) {
    // What the page showed, for whoever reads the failure (bench/.data is not committed).
    await page.screenshot({ path: new URL('.data/pipeline-edit-failure.png', import.meta.url).pathname }).catch(() => undefined);
    return { add: null, edit: null, reason: `the pipeline edit did not complete: ${e.message.split('\n')[0]}` };
  }
}

/**
 * Open one file in a fresh page and measure. `ui` adds the grid jumps and the column profile.
 * @param {import('playwright-core').Browser} browser
 * @param {{ url: string, path: string, rows: number, table: string, runs: number, ui: boolean, log: (s: string) => void }} o
 */
export async function benchWebFile(browser, { url, path, rows, table, runs, ui, log }) {
  const loadTimeout = Math.max(120_000, (rows / 8_000_000) * 900_000);
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  try {
    const page = await context.newPage();
    // The app's warnings (a failed compression, say) go to the bench's log.
    page.on('console', (message) => {
      if (message.type() === 'warning' || message.type() === 'error') log(`  page ${message.type()}: ${message.text().slice(0, 300)}`);
    });
    await page.goto(url);
    await page.getByRole('button', { name: 'Open file' }).first().waitFor({ timeout: 60_000 });
    const engineVersion = await page.evaluate(async () => {
      const r = await window.sluice.workbench.engine.rows('SELECT version()');
      return r.ok ? String(r.value[0][0]) : null;
    });

    // A user reads the window before picking a file: the app warms its engine meanwhile (workbench.warmUp).
    await page.evaluate(() => window.sluice.workbench.warmed);
    const countText = `${rows.toLocaleString('en-US')} rows`;
    const progressLabel = `Loading ${table}`;
    await instrumentOpen(page, { countText, progressLabel });
    const before = { ...(await chromiumMemory()), jsHeapMB: await jsHeapMB(page) };
    const alert = failOnAlert(page, loadTimeout);
    alert.catch(() => undefined);
    const race = (promise) => Promise.race([promise, alert]);

    const sampler = memoryPeak(before.rendererPids, 50);
    await page.getByLabel('Open files').setInputFiles(path);
    const firstRows = await race(mark(page, 'firstRows', loadTimeout)).finally(() => sampler.stop());
    const opened = { ...(await chromiumMemory()), jsHeapMB: await jsHeapMB(page) };
    // The peak of the renderers seen before the pick, or the total now if a renderer was added since.
    const openPeakMB = Math.max(sampler.stop(), opened.rendererMB);
    // What the user sees, through user-facing locators (the timings come from the marks).
    await page.getByRole('gridcell', { name: '1', exact: true }).first().waitFor();
    log(`  first rows after ${firstRows.toFixed(3)} s; waiting for the full load…`);
    const countShown = await race(mark(page, 'countShown', loadTimeout));
    await page.getByText(countText, { exact: true }).waitFor();
    const loaded = await race(mark(page, 'loaded', loadTimeout));
    await page.getByRole('progressbar', { name: progressLabel }).waitFor({ state: 'hidden' });
    const afterLoad = { ...(await chromiumMemory()), jsHeapMB: await jsHeapMB(page) };
    log(`  loaded and counted after ${loaded.toFixed(3)} s`);
    // Then the app compresses the loaded rows in memory (renderer/data/load-job.ts), saying so in the header;
    // queries wait meanwhile, so the timings below start after it, as a user reading that text would.
    const loadedAt = performance.now();
    await page.getByText('Compressing the rows in memory…').waitFor({ state: 'hidden', timeout: loadTimeout });
    const compressed = loaded + (performance.now() - loadedAt) / 1000;
    // Whether the loaded table is compressed, and the engine's memory (DuckDB's own accounting).
    const storage = await page.evaluate(async () => {
      const engine = window.sluice.workbench.engine;
      const tables = await engine.rows("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE '__sluice_data_%'", { origin: 'internal' });
      const name = tables.ok ? String(tables.value[0]?.[0] ?? '') : '';
      const literal = `'${name.replaceAll("'", "''")}'`;
      const r = await engine.rows(`SELECT (SELECT bool_or(compression <> 'Uncompressed') FROM pragma_storage_info(${literal})), (SELECT sum(memory_usage_bytes) FROM duckdb_memory())`, { origin: 'internal' });
      return r.ok ? { table: name, compressed: r.value[0][0] === true, engineMemoryMB: Math.round(Number(r.value[0][1]) / 1e6) } : { error: r.error.message };
    });
    log(`  compressed in memory after ${compressed.toFixed(3)} s (${JSON.stringify(storage)})`);
    // The grid re-reads when the load completes: let that settle before timing queries.
    await page.getByRole('gridcell', { name: '1', exact: true }).first().waitFor();
    await sleep(300);

    const queries = await timeQueriesInPage(page, scanQueries(ident(table), rows), runs);
    // Exports of the whole dataset (before the UI measurements add a pipeline step to it).
    const exports = ui ? { csv: await benchExport(page, { format: 'csv', label: 'CSV', timeout: loadTimeout, log }), parquet: await benchExport(page, { format: 'parquet', label: 'Parquet', timeout: loadTimeout, log }) } : null;
    const result = {
      engineVersion,
      timeline: await page.evaluate(() => window.__benchTimeline),
      firstRows,
      countShown,
      loaded,
      compressed,
      storage,
      memory: {
        before,
        opened,
        afterLoad,
        openPeakRendererMB: openPeakMB,
        openRendererDeltaMB: openPeakMB - before.rendererMB,
        openChromiumDeltaMB: opened.chromiumMB - before.chromiumMB,
        openJsHeapDeltaMB: opened.jsHeapMB === null ? null : opened.jsHeapMB - before.jsHeapMB,
      },
      queries: Object.fromEntries(Object.entries(queries).map(([name, list]) => [name, { runs: list, median: median(list) }])),
      exports,
    };
    if (ui) {
      const middle = [];
      for (const fraction of [0.5, 0.4, 0.6]) middle.push(await jumpToFraction(page, fraction, rows));
      result.jumpMiddle = { runs: middle, median: median(middle.map((m) => m.seconds)) };
      result.jumpEnd = await jumpToEnd(page, rows);
      log(`  jumps: middle ${result.jumpMiddle.median.toFixed(3)} s, end ${result.jumpEnd.seconds.toFixed(3)} s`);
      result.profile = await profileColumn(page, loadTimeout);
      result.pipeline = await pipelineEdit(page, loadTimeout);
      if (result.pipeline.edit) log(`  pipeline edit: preview ${result.pipeline.edit.preview.toFixed(3)} s, exact count ${result.pipeline.edit.count.toFixed(3)} s`);
    }
    return result;
  } finally {
    await context.close().catch(() => undefined);
  }
}
