import { describe, expect, it } from 'vitest';
import { displayValue, toTsv } from '../../renderer/grid/cells.ts';

describe('grid cells and copy', () => {
  it('show and copy big integers exactly', () => {
    expect(displayValue(9223372036854775807n)).toBe('9223372036854775807');
    expect(toTsv(['id', 'amount'], [[9007199254740993n, '123456789012345678.91']])).toBe('id\tamount\n9007199254740993\t123456789012345678.91');
  });

  it('copy nulls as empty fields and escape tabs and newlines', () => {
    expect(toTsv(['a'], [[null], ['x\ty\nz']])).toBe('a\n\nx\\ty\\nz');
  });
});
