import { describe, expect, it } from 'vitest';
import { parseDuckDbError, withoutInternalNames } from '../../shared/engine-errors.ts';

describe('engine errors as sentences', () => {
  it('reads the JSON form DuckDB-WASM sometimes gives, with its position', () => {
    const error = parseDuckDbError('{"exception_type":"Parser","exception_message":"syntax error at or near \\"CREATE\\"","position":"47","error_subtype":"SYNTAX_ERROR"}');
    expect(error).toEqual({ kind: 'parser', message: 'Parser Error: syntax error at or near "CREATE"', position: 47 });
  });

  it('names what the user knows instead of internal relations', () => {
    const names = new Map([[13, 'airports']]);
    expect(withoutInternalNames('Catalog Error: Table with name __sluice_data_13 does not exist!', (id) => names.get(id))).toBe('Catalog Error: Table with name "airports" does not exist!');
    expect(withoutInternalNames('Binder Error: column "x" not found in "__sluice_step_2"')).toBe('Binder Error: column "x" not found in step 2');
    expect(withoutInternalNames('in "__sluice_p3_step_4" and "__sluice_input"')).toBe('in step 4 and the pipeline\'s input');
    expect(withoutInternalNames('no such view __sluice_preview_7')).toBe("no such view the pipeline's result");
    expect(withoutInternalNames('plain message')).toBe('plain message');
  });
});
