import { describe, expect, it } from 'vitest';
import { baseName, identifierFor, tableNameFor, tableNameProblem } from '../../shared/naming.ts';

describe('table names from file names', () => {
  it.each([
    ['airports.csv', 'airports'],
    ['flights-3m.parquet', 'flights_3m'],
    ['/data/2024 Sales (final).CSV', 't_2024_sales_final'],
    ['C:\\data\\orders.csv.gz', 'orders'],
    ['select.csv', 'select_data'],
    ['données été.tsv', 'données_été'],
    ['...csv', 'data'],
    ['events.ndjson', 'events'],
    ['table.arrow', 'table_data'],
  ])('%s → %s', (file, table) => {
    expect(tableNameFor(file, [])).toBe(table);
  });

  it('adds a suffix on a clash, case-insensitively', () => {
    expect(tableNameFor('airports.csv', ['airports'])).toBe('airports_2');
    expect(tableNameFor('Airports.csv', ['airports', 'AIRPORTS_2'])).toBe('airports_3');
  });

  it('keeps compound extensions out of the name', () => {
    expect(baseName('a/b/x.csv.gz')).toBe('x');
    expect(identifierFor('x')).toBe('x');
  });

  it('validates user-typed names', () => {
    expect(tableNameProblem('', [])).toMatch(/empty/);
    expect(tableNameProblem('Taken', ['taken'])).toMatch(/already exists/);
    expect(tableNameProblem('any "name" works', [])).toBeNull();
  });
});
