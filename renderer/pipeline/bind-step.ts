import { withoutInternalNames } from '../../shared/engine-errors.ts';
import type { StepKind } from '../../shared/pipeline/document.ts';
import type { EngineClient } from '../engine/client.ts';

/** A query bound by DuckDB (no rows read): its column names, or why it cannot run. */
export type Binding = { ok: true; names: string[] } | { ok: false; problem: string } | 'cancelled';

export async function bind(engine: EngineClient, sql: string, signal?: AbortSignal): Promise<Binding> {
  const described = await engine.rows(`DESCRIBE ${sql}`, signal ? { signal } : {});
  if (!described.ok) return described.error.kind === 'cancelled' ? 'cancelled' : { ok: false, problem: withoutInternalNames(described.error.message.replace(/\n?LINE \d+:[\s\S]*$/, '')) };
  return { ok: true, names: described.value.map((r) => String(r[0])) };
}

const counts = (names: readonly string[]) => {
  const byKey = new Map<string, number>();
  for (const name of names) byKey.set(name.toLowerCase(), (byKey.get(name.toLowerCase()) ?? 0) + 1);
  return byKey;
};

/** The first name that repeats, ignoring case (as DuckDB does), or null. */
export function duplicateName(names: readonly string[]): string | null {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name.toLowerCase())) return name;
    seen.add(name.toLowerCase());
  }
  return null;
}

/**
 * A name a step's output has more often than its input (ignoring case), or null: a rename or a new
 * column onto an existing name, which a view would quietly rename. A join may repeat names of its two
 * sides (the grid shows DuckDB's renamed copy, e.g. `name_1`).
 */
export function clashOf(kind: StepKind | undefined, input: readonly string[], output: readonly string[]): string | null {
  if (kind === 'join') return null;
  const before = counts(input);
  const after = counts(output);
  return output.findLast((name) => (after.get(name.toLowerCase()) ?? 0) > Math.max(1, before.get(name.toLowerCase()) ?? 0)) ?? null;
}

export const clashMessage = (name: string) => `Two columns would be named "${name}"; column names must differ (ignoring case).`;
