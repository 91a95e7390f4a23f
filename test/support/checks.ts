import type { RunSql } from '../../shared/checks/evaluate.ts';
import type { CheckRule } from '../../shared/checks/rules.ts';
import { emptyDocument, type PipelineDocument, type Step } from '../../shared/pipeline/document.ts';
import { ident } from '../../shared/sql/quote.ts';
import type { TestEngine } from './engine.ts';

/** Helpers for check tests: documents over test tables, and the engine as checks' `run`. */

export const ctx = { sourceSql: (s: { name: string }) => ident(s.name) };
export const NOW = '2025-06-01T00:00:00.000Z';
/** Starting DuckDB-WASM takes seconds, more on a machine shared with other work: the hooks that start it wait this long. */
export const ENGINE_START_TIMEOUT = 60_000;

/** A document with one source per table and one pipeline `main` over `table`. */
export function docOver(table: string, checks: CheckRule[] = [], steps: Step[] = [], others: string[] = []): PipelineDocument {
  const source = (name: string) => ({ id: name, name, file: { path: `${name}.csv`, name: `${name}.csv` }, format: 'csv' as const });
  return {
    ...emptyDocument(),
    sources: [source(table), ...others.filter((o) => o !== table).map(source)],
    pipelines: [{ id: 'main', name: 'main', input: { kind: 'source', id: table }, steps }],
    checks,
  };
}

/** Runs as the app and the CLI run compiled queries: one prepared statement; errors as data. */
export function runOn(engine: TestEngine, log?: string[]): RunSql {
  return (sql) => {
    log?.push(sql);
    try {
      return Promise.resolve({ ok: true, value: engine.runCompiled(sql) });
    } catch (e) {
      return Promise.resolve({ ok: false, error: { kind: 'engine', message: e instanceof Error ? e.message : String(e) } });
    }
  };
}

let n = 0;
/** A rule on pipeline `main` with a fresh id (severity error unless given). */
export function rule(r: Record<string, unknown>): CheckRule {
  return { id: `r${++n}`, severity: 'error', pipeline: 'main', ...r } as unknown as CheckRule;
}
