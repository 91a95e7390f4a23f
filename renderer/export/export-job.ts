import * as arrow from 'apache-arrow';
import { CsvEncoder } from '../../shared/export/csv-encode.ts';
import { validateExportOptions, type ExportOptions, type ParquetCompression } from '../../shared/export/formats.ts';
import { JsonFramer } from '../../shared/export/json-encode.ts';
import type { ExportProgress, ExportSink } from '../../shared/export/sink.ts';
import { countSql, csvSelectSql, jsonRowsSql, rowsSql } from '../../shared/export/text-sql.ts';
import type { ExportColumn, ExportSource } from '../../shared/export/value-types.ts';
import type { Utf8Column } from '../../shared/export/utf8-column.ts';
import { errorMessage, type AppError, type Result } from '../../shared/result.ts';
import type { EngineClient } from '../engine/client.ts';
import { ArrowStreamFramer } from './arrow-ipc.ts';
import { exportColumns } from './arrow-types.ts';
import type { ParquetEncoding } from './parquet-encode.ts';

/**
 * One data export: the rows of a relation, streamed from DuckDB batch by batch into a sink, in the chosen
 * format. Only one batch (and, for Parquet, one row group in the writer) is held at a time. On failure or
 * cancel the sink is aborted, so no partial file is left.
 */

export interface ExportRequest {
  source: ExportSource;
  options: ExportOptions;
  /** The row count when the caller knows it (the grid's); counted here otherwise. */
  total?: number | null;
}

/** Starts a Parquet writer (in the app: the export worker; in tests: in-process). */
export type ParquetStarter = (compression: ParquetCompression, write: (bytes: Uint8Array) => Promise<void>) => Promise<ParquetEncoding>;

export interface ExportEnv {
  engine: EngineClient;
  parquet: ParquetStarter;
}

export interface ExportControl {
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
}

export interface ExportOutcome {
  rows: number;
  bytes: number;
}

/** Thrown inside the run to stop it with an error already in words. */
class ExportStop extends Error {
  constructor(readonly error: AppError) {
    super(error.message);
  }
}

interface FormatWriter {
  start(): Promise<void>;
  batch(batch: arrow.RecordBatch): Promise<void>;
  end(schema: arrow.Schema): Promise<void>;
  /** Release what the writer holds after a failure or cancel. */
  abort?(): void;
}

export async function runExport(env: ExportEnv, request: ExportRequest, sink: ExportSink, control: ExportControl = {}): Promise<Result<ExportOutcome>> {
  const result = await attempt(env, request, sink, control);
  if (!result.ok) {
    await sink.abort();
    return result;
  }
  const committed = await sink.commit();
  if (!committed.ok) {
    await sink.abort();
    return committed;
  }
  return result;
}

async function attempt(env: ExportEnv, request: ExportRequest, sink: ExportSink, control: ExportControl): Promise<Result<ExportOutcome>> {
  const { signal } = control;
  const valid = validateExportOptions(request.options);
  if (!valid.ok) return { ok: false, error: { kind: 'invalid-argument', message: valid.error } };
  const shape = await env.engine.query(`${rowsSql(request.source)} LIMIT 0`, signal ? { signal } : {});
  if (!shape.ok) return shape;
  const columns = exportColumns(shape.value.schema);
  let total = request.total ?? null;
  if (total === null) {
    const counted = await env.engine.rows(countSql(request.source), signal ? { signal } : {});
    if (!counted.ok) return counted;
    total = Number(counted.value[0]?.[0] ?? 0);
  }

  let bytes = 0;
  const put = async (chunk: Uint8Array) => {
    if (chunk.length === 0) return;
    if (signal?.aborted) throw new ExportStop({ kind: 'cancelled', message: 'Cancelled.' });
    const written = await sink.write(chunk);
    if (!written.ok) throw new ExportStop(written.error);
    bytes += chunk.length;
  };
  const { sql, writer } = writerFor(env, request.source, request.options, columns, put);
  let rows = 0;
  try {
    await writer.start();
    control.onProgress?.({ rows, total, bytes });
    const streamed = await env.engine.stream(
      sql,
      async (batch) => {
        try {
          await writer.batch(batch);
        } catch (e) {
          return { ok: false, error: stopError(e) };
        }
        rows += batch.numRows;
        control.onProgress?.({ rows, total, bytes });
        return { ok: true, value: undefined };
      },
      signal ? { signal } : {},
    );
    if (!streamed.ok) {
      writer.abort?.();
      return streamed;
    }
    await writer.end(shape.value.schema);
    control.onProgress?.({ rows, total: rows, bytes });
    return { ok: true, value: { rows, bytes } };
  } catch (e) {
    writer.abort?.();
    return { ok: false, error: stopError(e) };
  }
}

function stopError(e: unknown): AppError {
  return e instanceof ExportStop ? e.error : { kind: 'export', message: `The export failed: ${errorMessage(e)}` };
}

function writerFor(env: ExportEnv, source: ExportSource, options: ExportOptions, columns: ExportColumn[], put: (chunk: Uint8Array) => Promise<void>): { sql: string; writer: FormatWriter } {
  switch (options.format) {
    case 'csv': {
      const encoder = new CsvEncoder(options.csv);
      return {
        sql: csvSelectSql(source, columns),
        writer: {
          start: () => put(encoder.header(columns.map((c) => c.name))),
          batch: (batch) => put(encoder.rows(utf8Columns(batch), batch.numRows)),
          end: async () => undefined,
        },
      };
    }
    case 'json':
    case 'ndjson': {
      const framer = new JsonFramer(options.format === 'json');
      return {
        sql: jsonRowsSql(source, columns),
        writer: {
          start: () => put(framer.start()),
          batch: (batch) => put(framer.rows(utf8Columns(batch)[0]!)),
          end: () => put(framer.end()),
        },
      };
    }
    case 'arrow': {
      const framer = new ArrowStreamFramer();
      return {
        sql: rowsSql(source),
        writer: {
          start: async () => undefined,
          batch: (batch) => put(framer.batch(batch)),
          end: (schema) => put(framer.end(schema)),
        },
      };
    }
    case 'parquet': {
      let encoding: ParquetEncoding | null = null;
      let sawBatch = false;
      return {
        sql: rowsSql(source),
        writer: {
          start: async () => {
            encoding = await env.parquet(options.compression, put);
          },
          batch: async (batch) => {
            // DuckDB may send an empty batch, which serializes to no batch at all.
            if (batch.numRows === 0) return;
            sawBatch = true;
            await encoding!.push(ArrowStreamFramer.batchStream(batch));
          },
          end: async (schema) => {
            // No rows: one empty batch, so the file still has the columns.
            if (!sawBatch) await encoding!.push(ArrowStreamFramer.batchStream(emptyBatch(schema)));
            await encoding!.finish();
          },
          abort: () => encoding?.abort?.(),
        },
      };
    }
  }
}

/** The batch's columns as UTF-8 text columns (the text exports select only VARCHAR). */
function utf8Columns(batch: arrow.RecordBatch): Utf8Column[] {
  return batch.schema.fields.map((field, i) => {
    const data = batch.getChildAt(i)?.data[0];
    if (!data || !arrow.DataType.isUtf8(field.type)) throw new Error(`column ${field.name} is not text`);
    return data as unknown as Utf8Column;
  });
}

/** A batch with the schema's columns and no rows (built per type, nested ones too). */
function emptyBatch(schema: arrow.Schema): arrow.RecordBatch {
  const children = schema.fields.map((f) => arrow.vectorFromArray([], f.type).data[0]!);
  return new arrow.RecordBatch(schema, arrow.makeData({ type: new arrow.Struct(schema.fields), length: 0, nullCount: 0, children }));
}
