// Runs a SQL script file in native DuckDB with the current directory as its working directory, as
// `duckdb < script.sql` run from the config's folder does: node run-sql-script.mjs script.sql
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { DuckDBInstance } from '@duckdb/node-api';

const instance = await DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false' });
const connection = await instance.connect();
try {
  await connection.run(readFileSync(process.argv[2], 'utf8'));
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
} finally {
  connection.closeSync();
  instance.closeSync();
}
