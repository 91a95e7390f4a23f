import * as duckdb from '@duckdb/duckdb-wasm';
import type { EngineClient } from '../engine/client.ts';
import type { FileSource } from './types.ts';

/** Reading a file the user opened: its first bytes, all of it, or as a stream; and making it readable by the engine. */

export async function readHead(source: FileSource, bytes = 4096): Promise<Uint8Array> {
  if (source.kind === 'blob') return new Uint8Array(await source.blob.slice(0, bytes).arrayBuffer());
  const response = await fetch(source.url, { headers: { Range: `bytes=0-${bytes - 1}` } });
  return new Uint8Array(await response.arrayBuffer()).slice(0, bytes);
}

export async function readAll(source: FileSource): Promise<ArrayBuffer> {
  if (source.kind === 'blob') return source.blob.arrayBuffer();
  return (await fetch(source.url)).arrayBuffer();
}

export async function openStream(source: FileSource, offset: number): Promise<ReadableStream<Uint8Array>> {
  if (source.kind === 'blob') return source.blob.slice(offset).stream();
  const response = await fetch(source.url, { headers: { Range: `bytes=${offset}-` } });
  if (!response.body) throw new Error('empty response');
  return response.body;
}

/** Make the file readable by DuckDB under an engine path (lazily: no copy). */
export async function registerFile(engine: EngineClient, id: number, source: FileSource): Promise<string> {
  const path = `f${id}_${source.name.replace(/[^A-Za-z0-9._-]+/g, '_')}`;
  if (source.kind === 'blob') {
    await engine.db.registerFileHandle(path, source.blob, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
  } else {
    await engine.db.registerFileURL(path, source.url, duckdb.DuckDBDataProtocol.HTTP, false);
  }
  return path;
}
