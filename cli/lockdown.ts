import { strList } from '../shared/sql/quote.ts';
import type { Result } from '../shared/result.ts';
import type { NativeEngine } from './engine.ts';

/**
 * A config is untrusted input: it may reach only the files it declares. Once the CLI has created the
 * sources (TEMP views over the declared inputs) and before any SQL from the config runs, the engine is
 * locked down:
 *
 * 1. `allowed_paths`: exactly the declared input files and the temporary files the outputs are
 *    written to (set first: DuckDB checks these even with external access off);
 * 2. `enable_external_access = false`: no other file, no network, no ATTACH of a file, no extension;
 * 3. `lock_configuration = true`: no statement can change a setting afterwards.
 *
 * Measured on DuckDB 1.4.3: in this order all three take effect, a later `SET` fails with "the
 * configuration has been locked", `read_csv('/etc/passwd')` fails with a Permission Error, and
 * `COPY … TO` another path is refused. DuckDB refuses to change `allowed_paths` once external access is
 * off ("Cannot change allowed_paths when enable_external_access is disabled"), so the list comes first.
 */

export function lockdownSql(allowedPaths: readonly string[]): string[] {
  return [
    // An empty list is written as [] (DuckDB's default), never as a list with an empty path.
    `SET allowed_paths = ${allowedPaths.length > 0 ? strList([...new Set(allowedPaths)]) : '[]'}`,
    'SET allowed_directories = []',
    'SET enable_external_access = false',
    'SET lock_configuration = true',
  ];
}

/** Apply the lock-down and read the settings back: a run never goes on with an engine that is not locked. */
export async function lockDown(engine: NativeEngine, allowedPaths: readonly string[]): Promise<Result<void>> {
  for (const sql of lockdownSql(allowedPaths)) {
    const done = await engine.exec(sql);
    if (!done.ok) return { ok: false, error: { kind: 'internal', message: `cannot lock the engine down (${sql}): ${done.error.message}` } };
  }
  const settings = await engine.column("SELECT current_setting('enable_external_access')::VARCHAR || ',' || current_setting('lock_configuration')::VARCHAR || ',' || current_setting('autoload_known_extensions')::VARCHAR || ',' || current_setting('autoinstall_known_extensions')::VARCHAR");
  if (!settings.ok) return { ok: false, error: { kind: 'internal', message: `cannot read the engine's settings back: ${settings.error.message}` } };
  if (settings.value[0] !== 'false,true,false,false') return { ok: false, error: { kind: 'internal', message: `the engine is not locked down (external access, lock, autoload, autoinstall = ${settings.value[0] ?? '?'})` } };
  return { ok: true, value: undefined };
}
