import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quarantinePath } from '../../cli/quarantine.ts';
import { pythonRegex } from '../../shared/scripts/python-regex.ts';
import { failedChecksColumn, quarantinePathOf } from '../../shared/scripts/script-checks.ts';
import { str } from '../../shared/sql/quote.ts';
import { PYTHON } from '../support/differential.ts';
import { openNative, type NativeDb } from '../support/native.ts';

/**
 * What the script exports share about checks: quarantine paths and the failed-checks column named as the
 * CLI names them, and regex patterns translated to Python (`python-regex.ts`, shared with the steps) with RE2's matches
 * (DuckDB's regexp_matches and Python's re.search compared on the same texts); its refusals are tested in python-regex.test.ts.
 */

let native: NativeDb;
beforeAll(async () => {
  native = await openNative();
});
afterAll(() => native?.close());

describe('quarantine names', () => {
  it.each(['out/ca.csv', 'ca', 'out/.hidden', 'a.b.csv', 'dir.x/ca', '../x/y.parquet', 'a..', '..a'])('%s: as the CLI names it', (path) => {
    expect(quarantinePathOf(path)).toBe(quarantinePath(path));
  });

  it('failed_checks, or failed_checks_2, … when the pipeline has a column of that name (any case)', () => {
    expect(failedChecksColumn(['id'])).toBe('failed_checks');
    expect(failedChecksColumn(['FAILED_CHECKS', 'failed_checks_2'])).toBe('failed_checks_3');
  });
});

const PATTERNS = ['^[^@]+@[^@]+$', '\\.[a-z]$', '^a\\sb$|[}.]', '^\\d{2,3}-\\w+$', '(?:ab)+?c', '[\\s\\d]x', '\\S+$', 'a.c', '^$', '[^a-c\\-]', '\\x41', 'é+', 'a{2}', '\\Aab'];
const TEXTS = ['a@b', 'x@y.z', 'a b', 'a\tb', 'a\vb', 'ab\n', 'abc', 'a\nc', '', '12-ab', '123-é', 'ababc', ' 7x', 'A', 'éé', 'aa', 'x}y', '-', 'd', 'ab'];

describe('regex patterns: RE2 (DuckDB) ≡ Python re (the translation)', () => {
  it('every pattern matches the same texts in both', async () => {
    const translated = PATTERNS.map((p) => {
      const python = pythonRegex(p);
      if (!python.ok) throw new Error(`${p}: ${python.error}`);
      return python.value;
    });
    const duck = await native.rows(`SELECT p, t, regexp_matches(t, p) FROM (VALUES ${PATTERNS.flatMap((p) => TEXTS.map((t) => `(${str(p)}, ${str(t)})`)).join(', ')}) v(p, t)`);
    const script = `import json, re, sys\npatterns, texts = json.load(sys.stdin)\nprint(json.dumps([[bool(re.search(p, t, re.ASCII)) for t in texts] for p in patterns]))`;
    const py = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify([translated, TEXTS]), encoding: 'utf8' });
    expect(py.status, py.stderr).toBe(0);
    const matches = JSON.parse(py.stdout) as boolean[][];
    const differ = duck.filter((row, i) => row[2] !== matches[Math.floor(i / TEXTS.length)]![i % TEXTS.length]).map((r) => `${String(r[0])} on ${JSON.stringify(r[1])}: DuckDB ${String(r[2])}`);
    expect(differ).toEqual([]);
  });
});
