import * as arrow from 'apache-arrow';

/**
 * Arrow IPC stream bytes, batch by batch: the schema message once, then each batch's messages, then the
 * end-of-stream marker. Each batch is serialized on its own (a one-batch stream), and the schema message
 * and end marker it repeats are cut off, so nothing accumulates.
 */
export class ArrowStreamFramer {
  private schemaBytes = -1;

  /** The bytes of one batch as a one-batch stream (schema, dictionaries, batch), for parquet-wasm. */
  static batchStream(batch: arrow.RecordBatch): Uint8Array {
    return arrow.tableToIPC(new arrow.Table([batch]), 'stream');
  }

  /** This batch's part of the stream (the first one also carries the schema). */
  batch(batch: arrow.RecordBatch): Uint8Array {
    const whole = ArrowStreamFramer.batchStream(batch);
    const body = whole.subarray(0, whole.length - END_OF_STREAM.length);
    if (this.schemaBytes >= 0) return body.subarray(this.schemaBytes);
    this.schemaBytes = schemaLength(batch.schema);
    return body;
  }

  /** The end of the stream; with no batch written, the schema first (an empty but valid stream). */
  end(schema: arrow.Schema): Uint8Array {
    if (this.schemaBytes >= 0) return END_OF_STREAM;
    return arrow.tableToIPC(new arrow.Table(schema), 'stream');
  }
}

const END_OF_STREAM = new Uint8Array([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]);

function schemaLength(schema: arrow.Schema): number {
  return arrow.tableToIPC(new arrow.Table(schema), 'stream').length - END_OF_STREAM.length;
}
