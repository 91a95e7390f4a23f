import { describe, expect, it } from 'vitest';
import { expectSameTargetRows } from '../support/differential.ts';

/** A mismatch between targets must show whoever reads the failure the pipeline, the code and the first differing row. */
describe('the differential suite on a mismatch', () => {
  it('prints the pipeline, the generated code and the first differing row', () => {
    const pipeline = { steps: [{ kind: 'filter', column: 'x' }] };
    const run = () => expectSameTargetRows({ columns: ['x'], rows: [[1], [2]] }, { columns: ['x'], rows: [[1], [3]] }, true, 'case: pandas script', 'df = df[df["x"] > 0]', pipeline);
    expect(run).toThrow(/case: pandas script: rows differ \(first at row 2\)[\s\S]*--- pipeline ---[\s\S]*"kind": "filter"[\s\S]*--- generated code ---\ndf = df\[df\["x"\] > 0\][\s\S]*--- expected \(app engine\) ---/);
  });

  it('accepts doubles within 1e-9 relative and NULL as the empty string', () => {
    expect(() => expectSameTargetRows({ columns: ['x', 'y'], rows: [[0.1 + 0.2, null]] }, { columns: ['x', 'y'], rows: [['0.3', '']] }, true, 'case', '')).not.toThrow();
  });
});
