import type { Dataset } from '../../renderer/data/types.ts';

/** A loaded CSV dataset with one VARCHAR column `state` and 10 rows, for tests of the pipeline store. */
export const readyDataset = (id: number, name: string): Dataset => ({
  id,
  name,
  fileName: `${name}.csv`,
  path: null,
  format: 'csv',
  size: 100,
  status: 'ready',
  columns: [{ name: 'state', type: 'VARCHAR' }],
  rowCount: 10,
  rowsAvailable: 10,
  storage: 'table',
  progress: null,
  error: null,
  notes: [],
  csvOptions: null,
  sniffed: null,
  jsonText: [],
  version: 1,
});
