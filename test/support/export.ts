import { randomBytes } from 'node:crypto';
import { open, readFile, rename, rm, type FileHandle } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import type { ExportSink } from '../../shared/export/sink.ts';
import { err, errorMessage, ok } from '../../shared/result.ts';
import { startParquetEncoding } from '../../renderer/export/parquet-encode.ts';
import type { ParquetStarter } from '../../renderer/export/export-job.ts';

/** Export sinks and the Parquet writer for Node tests: the same export code as the app, writing real files. */

let parquetReady: Promise<void> | undefined;

/** parquet-wasm's ESM entry initialised from its bytes, then the app's encoder, in-process. */
export const nodeParquet: ParquetStarter = async (compression, write) => {
  parquetReady ??= (async () => {
    const module = await import('parquet-wasm/esm');
    const require = createRequire(import.meta.url);
    await module.default({ module_or_path: await readFile(require.resolve('parquet-wasm/esm/parquet_wasm_bg.wasm')) });
  })();
  await parquetReady;
  return startParquetEncoding(compression, write);
};

/** A file sink as the desktop host writes: a temporary file beside the target, renamed on commit. */
export function fileSink(target: string): ExportSink & { temp: string; chunks: number } {
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.sluice-tmp`);
  let handle: FileHandle | null = null;
  const sink = {
    name: basename(target),
    buffers: false,
    temp,
    chunks: 0,
    async write(chunk: Uint8Array) {
      try {
        handle ??= await open(temp, 'wx');
        await handle.write(chunk);
        sink.chunks++;
        return ok(undefined);
      } catch (e) {
        return err({ kind: 'io', message: errorMessage(e) });
      }
    },
    async commit() {
      try {
        handle ??= await open(temp, 'wx');
        await handle.close();
        handle = null;
        await rename(temp, target);
        return ok(undefined);
      } catch (e) {
        return err({ kind: 'io', message: errorMessage(e) });
      }
    },
    async abort() {
      await handle?.close().catch(() => undefined);
      handle = null;
      await rm(temp, { force: true });
    },
  };
  return sink;
}
