// Runs a SQL script file in native DuckDB with the current directory as its working directory, as
// `duckdb -bail < script.sql` run from the config's folder does: node run-sql-script.mjs script.sql
// --no-bail: statement by statement, going on after an error as `duckdb < script.sql` does (exit code 1 if any failed).
// --results: then print the checks' results table (sluice_check_results) as JSON on stdout.
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { DuckDBInstance } from '@duckdb/node-api';

const [script, ...flags] = process.argv.slice(2);
const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
const connection = await instance.connect();
const fail = (e) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
};
try {
  const text = readFileSync(script, 'utf8');
  if (flags.includes('--no-bail')) {
    const statements = await connection.extractStatements(text);
    for (let i = 0; i < statements.count; i++) {
      try {
        await (await statements.prepare(i)).run();
      } catch (e) {
        fail(e);
      }
    }
  } else {
    await connection.run(text);
  }
} catch (e) {
  fail(e);
}
if (flags.includes('--results')) {
  try {
    const rows = (await connection.runAndReadAll('SELECT id, status, failing, total, observed FROM sluice_check_results ORDER BY ord')).getRowObjectsJS();
    process.stdout.write(JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));
  } catch {
    process.stdout.write('null');
  }
}
connection.closeSync();
instance.closeSync();
