import type { ExportSink } from '../../shared/export/sink.ts';
import type { HostApi, SaveTarget } from '../../shared/host-contract.ts';
import type { Result } from '../../shared/result.ts';

/** Writes are gathered into chunks of about this size before they cross to the host (fewer IPC calls). */
const CHUNK_BYTES = 4 * 1024 * 1024;

/** An export sink over the host's save calls (desktop: main's temp file; web: the picked file or a download). */
export function hostSink(host: HostApi, target: SaveTarget): ExportSink {
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  const flush = async (): Promise<Result<void>> => {
    if (pendingBytes === 0) return { ok: true, value: undefined };
    const chunk = new Uint8Array(pendingBytes);
    let at = 0;
    for (const part of pending) {
      chunk.set(part, at);
      at += part.length;
    }
    pending = [];
    pendingBytes = 0;
    return host.writeSave(target.token, chunk);
  };
  return {
    name: target.name,
    buffers: target.buffered,
    async write(chunk) {
      // Writers may reuse their buffers: keep a copy until it is sent.
      pending.push(chunk.slice());
      pendingBytes += chunk.length;
      return pendingBytes >= CHUNK_BYTES ? flush() : { ok: true, value: undefined };
    },
    async commit() {
      const flushed = await flush();
      return flushed.ok ? host.commitSave(target.token) : flushed;
    },
    async abort() {
      pending = [];
      pendingBytes = 0;
      await host.abortSave(target.token);
    },
  };
}
