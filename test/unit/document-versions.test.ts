import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePipeline, pipelineQuery } from '../../shared/pipeline/compile.ts';
import { PIPELINE_VERSION } from '../../shared/pipeline/document.ts';
import { migrate } from '../../shared/pipeline/migrate.ts';
import { describeProblems, parseDocument } from '../../shared/pipeline/validate.ts';
import { ident } from '../../shared/sql/quote.ts';
import { ENGINE_START_TIMEOUT } from '../support/checks.ts';
import { startEngine, type TestEngine } from '../support/engine.ts';

/**
 * Stored documents of every earlier version (test/fixtures/documents/v<N>-*.json) keep opening and
 * running unchanged: each migrates to the current version, validates, and compiles to exactly the SQL
 * the version-1 compiler produced for it (`*.expected.json`, recorded before version 2 existed).
 */

const dir = join(import.meta.dirname, '../fixtures/documents');
const fixtures = readdirSync(dir).filter((f) => /^v\d+-.*\.json$/.test(f) && !f.endsWith('.expected.json'));
const read = (file: string): unknown => JSON.parse(readFileSync(join(dir, file), 'utf8'));
const ctx = { sourceSql: (s: { name: string }) => ident(s.name) };

let engine: TestEngine;
beforeAll(async () => {
  engine = await startEngine();
  engine.run(`CREATE TABLE people AS SELECT * FROM (VALUES
      (1, 'Ada', 'CA', 36, DATE '2024-01-15', ' x '),
      (2, 'Grace', 'NY', 45, DATE '2024-02-20', 'a-b'),
      (3, 'Linus', 'CA', NULL, DATE '2024-02-01', NULL),
      (5, 'Alan', 'TX', 41, DATE '2023-12-31', 'c-d')
    ) t(id, name, state, age, joined, tag)`);
  engine.run(`CREATE TABLE states AS SELECT * FROM (VALUES ('CA', 'California'), ('NY', 'New York'), ('WA', 'Washington')) t(state, state_name)`);
}, ENGINE_START_TIMEOUT);
afterAll(() => engine.close());

describe('stored documents of earlier versions', () => {
  it('has fixtures of every earlier version', () => {
    const versions = new Set(fixtures.map((f) => Number(/^v(\d+)-/.exec(f)?.[1])));
    for (let v = 0; v < PIPELINE_VERSION; v++) expect(versions.has(v), `a v${v} fixture`).toBe(true);
  });

  it.each(fixtures)('%s migrates, validates, compiles to the same SQL and runs', (file) => {
    const parsed = parseDocument(read(file));
    if (!parsed.ok) throw new Error(describeProblems(parsed.error));
    expect(parsed.value.version).toBe(PIPELINE_VERSION);
    expect(parsed.value.checks).toEqual([]);
    const expected = read(file.replace(/\.json$/, '.expected.json')) as Record<string, string>;
    expect(parsed.value.pipelines.map((p) => p.id)).toEqual(Object.keys(expected));
    for (const pipeline of parsed.value.pipelines) {
      const sql = pipelineQuery(compilePipeline(parsed.value, pipeline.id, ctx));
      expect(sql).toBe(expected[pipeline.id]);
      expect(() => engine.runCompiled(sql)).not.toThrow();
    }
  });

  it('migrates version 1 to 2 without touching anything but the version', () => {
    const v1 = read('v1-two-pipelines.json') as Record<string, unknown>;
    const migrated = migrate(v1);
    expect(migrated).toEqual({ ok: true, value: { ...v1, version: 2 } });
    // The input object is not changed.
    expect(v1.version).toBe(1);
  });

  it('keeps what a version 1 document held in checks, for the schema to judge', () => {
    const v1 = { ...(read('v1-two-pipelines.json') as Record<string, unknown>), checks: [{ kind: 'mystery' }] };
    const parsed = parseDocument(v1);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(describeProblems(parsed.error)).toMatch(/^checks\[0\]/);
  });
});
