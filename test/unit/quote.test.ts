import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ident, literal, str, strList } from '../../shared/sql/quote.ts';
import { ADVERSARIAL } from '../support/adversarial.ts';
import { startEngine, type TestEngine } from '../support/engine.ts';

let engine: TestEngine;
beforeAll(async () => {
  engine = await startEngine();
});
afterAll(() => engine.close());

describe('ident', () => {
  it('round-trips every adversarial column name through a real table', () => {
    const columns = ADVERSARIAL.map((name) => `${ident(name)} VARCHAR`).join(', ');
    engine.run(`CREATE TABLE quoting (${columns})`);
    engine.run(`INSERT INTO quoting VALUES (${ADVERSARIAL.map((v) => str(v)).join(', ')})`);
    const names = engine.rows(`SELECT column_name FROM (DESCRIBE quoting)`).map((r) => r[0]);
    expect(names).toEqual(ADVERSARIAL);
    for (const name of ADVERSARIAL) {
      expect(engine.rows(`SELECT ${ident(name)} FROM quoting`)[0]?.[0]).toBe(name);
    }
  });

  it('rejects NUL, which DuckDB cannot store in a name', () => {
    expect(() => ident('a\u0000b')).toThrow(/NUL/);
  });
});

describe('literals', () => {
  it('round-trips adversarial strings and lists', () => {
    for (const value of ADVERSARIAL) expect(engine.rows(`SELECT ${str(value)}`)[0]?.[0]).toBe(value);
    const list = engine.rows(`SELECT ${strList(ADVERSARIAL)}`)[0]?.[0] as { toArray(): string[] };
    expect([...list.toArray()]).toEqual(ADVERSARIAL);
  });

  it('writes numbers, booleans and NULL', () => {
    expect(engine.rows(`SELECT ${literal(1.5)}::DOUBLE, ${literal(true)}, ${literal(null)}, (${literal(12345678901234567890n)})::VARCHAR`)[0]).toEqual([1.5, true, null, '12345678901234567890']);
    expect(() => literal(Number.NaN)).toThrow(/finite/);
  });
});
