import { ident, num } from './sql/quote.ts';
import { isNumericType } from './sql-types.ts';

/** SQL for the data grid: pages of a relation, with values shaped for display. */

export interface GridColumn {
  name: string;
  type: string;
}

export interface SortKey {
  column: string;
  direction: 'asc' | 'desc';
}

/** Numbers Arrow gives as JavaScript numbers or bigints (exact); wider ones (HUGEINT, DECIMAL) are shown as text. */
const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|INT|BIGINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|REAL|DOUBLE)$/i;

/** Numbers the grid right-aligns. */
export { isNumericType };

/**
 * A select expression that gives the grid a value it can show as is: JavaScript-safe numbers and
 * booleans stay native; timestamps become ISO 8601 text; everything else (decimals, dates, nested) text.
 */
export function displayExpr(column: GridColumn): string {
  const col = ident(column.name);
  const type = column.type.toUpperCase();
  if (NUMERIC.test(type) || type === 'BOOLEAN') return col;
  if (type === 'TIMESTAMP' || type === 'TIMESTAMP_NS' || type === 'TIMESTAMP_MS' || type === 'TIMESTAMP_S' || type === 'DATETIME') {
    return `replace(CAST(${col} AS VARCHAR), ' ', 'T')`;
  }
  if (type === 'TIMESTAMP WITH TIME ZONE' || type === 'TIMESTAMPTZ') return `replace(CAST(${col} AS VARCHAR), ' ', 'T')`;
  return `CAST(${col} AS VARCHAR)`;
}

export function orderBy(sort: readonly SortKey[]): string {
  if (sort.length === 0) return '';
  return ` ORDER BY ${sort.map((s) => `${ident(s.column)} ${s.direction === 'desc' ? 'DESC' : 'ASC'} NULLS LAST`).join(', ')}`;
}

/**
 * One page of rows for the grid. `where` is a predicate built with the quoting module
 * (a view filter such as a profile's histogram bar).
 */
export function pageSql(
  relation: string,
  columns: readonly GridColumn[],
  sort: readonly SortKey[],
  offset: number,
  limit: number,
  where?: string,
  physicalTable?: string,
): string {
  const select = columns.length > 0 ? columns.map((c, i) => `${displayExpr(c)} AS ${ident(`c${i}`)}`).join(', ') : '*';
  if (pageIsRowRange(sort, where, physicalTable)) {
    // Unsorted pages of a table: a rowid range lets DuckDB skip straight to the rows (OFFSET scans up to them).
    return `SELECT ${select} FROM ${ident(physicalTable)} WHERE rowid >= ${num(offset)} AND rowid < ${num(offset + limit)} ORDER BY rowid`;
  }
  const filter = where ? ` WHERE ${where}` : '';
  return `SELECT ${select} FROM ${ident(relation)}${filter}${orderBy(sort)} LIMIT ${num(limit)} OFFSET ${num(offset)}`;
}

/**
 * Whether `pageSql` reads a page as a rowid range of one table: bounded work (only that page's rows are
 * read), built from quoted names alone, so it may run as one uncancellable message to the engine.
 */
export function pageIsRowRange(sort: readonly SortKey[], where?: string, physicalTable?: string): physicalTable is string {
  return physicalTable !== undefined && physicalTable !== '' && sort.length === 0 && !where;
}

/** Rows per page the grid asks for (AG Grid's cache block). */
export const GRID_PAGE_ROWS = 200;

/** The grid's first page of a relation, unsorted and unfiltered: what it asks for when a dataset first shows. */
export function firstPageSql(relation: string, columns: readonly GridColumn[]): string {
  return pageSql(relation, columns, [], 0, GRID_PAGE_ROWS);
}

/** The number of rows a (possibly filtered) relation has. */
export function countSql(relation: string, where?: string): string {
  return `SELECT count(*) FROM ${ident(relation)}${where ? ` WHERE ${where}` : ''}`;
}
