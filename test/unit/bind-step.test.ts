import { describe, expect, it } from 'vitest';
import { clashOf, duplicateName } from '../../renderer/pipeline/bind-step.ts';

describe('column name clashes', () => {
  it('finds a rename or new column onto an existing name, ignoring case', () => {
    expect(clashOf('rename', ['dup', 'dup_1', 'x'], ['dup', 'dup', 'x'])).toBe('dup');
    expect(clashOf('derive', ['a', 'b'], ['a', 'b', 'A'])).toBe('A');
    expect(clashOf('rename', ['a', 'b'], ['c', 'b'])).toBeNull();
  });

  it('lets joins repeat names of their two sides, and steps keep repeats they were given', () => {
    expect(clashOf('join', ['id', 'name'], ['id', 'name', 'name'])).toBeNull();
    expect(clashOf('filter', ['id', 'name', 'name'], ['id', 'name', 'name'])).toBeNull();
    expect(clashOf('rename', ['id', 'name', 'name', 'x'], ['id', 'name', 'name', 'name'])).toBe('name');
  });

  it('names the first repeated name', () => {
    expect(duplicateName(['a', 'B', 'b'])).toBe('b');
    expect(duplicateName(['a', 'b'])).toBeNull();
  });
});
