import { ident } from './sql/quote.ts';

/**
 * The SQL that turns the chunk tables of JSON rows (`renderer/workers/json-chunks.ts`) into the dataset's
 * table: each chunk's columns cast to the final types (text to DATE, BIGINT to DOUBLE, …), columns a chunk
 * has not seen yet as NULL, in the file's key order.
 */

export interface TypedColumn {
  name: string;
  type: string;
}

export interface ChunkTable {
  table: string;
  /** The columns the chunk table has. */
  columns: readonly string[];
}

/** `SELECT … FROM chunk UNION ALL …` with `columns` (final names and types). `TRY_CAST` for a cancelled load's partial merge. */
export function jsonChunksSql(chunks: readonly ChunkTable[], columns: readonly TypedColumn[], cast: 'CAST' | 'TRY_CAST' = 'CAST'): string {
  return chunks
    .map((chunk) => {
      const has = new Set(chunk.columns);
      const select = columns.map((c) => (has.has(c.name) ? `${cast}(${ident(c.name)} AS ${c.type}) AS ${ident(c.name)}` : `CAST(NULL AS ${c.type}) AS ${ident(c.name)}`));
      return `SELECT ${select.join(', ')} FROM ${ident(chunk.table)}`;
    })
    .join(' UNION ALL ');
}
