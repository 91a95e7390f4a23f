import type { IngestSource } from '../../../shared/ingest-contract.ts';
import type { IngestClient } from '../ingest-client.ts';
import type { LoadContext } from '../load-job.ts';
import type { FileSource } from '../types.ts';
import { loadStreamed } from './streamed-loader.ts';

/**
 * A JSON file holding an array of objects: streamed by the ingest worker like NDJSON (parsed, typed as
 * native read_json types it, built into Arrow chunks off the UI thread), columns in the file's key order.
 */
export function loadJson(ctx: LoadContext, ingest: IngestClient, source: FileSource): Promise<void> {
  ctx.datasets.patch(ctx.id, { progress: { label: 'Reading JSON…', fraction: null } });
  return loadStreamed(ctx, ingest, source, 'json');
}

export function ingestSource(source: FileSource): IngestSource {
  return source.kind === 'blob' ? { kind: 'blob', blob: source.blob, name: source.name } : { kind: 'url', url: source.url, name: source.name };
}
