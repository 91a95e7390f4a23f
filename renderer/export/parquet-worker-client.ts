import type { ParquetStarter } from './export-job.ts';
import type { ParquetReply, ParquetRequest } from './parquet-protocol.ts';

/** The app's Parquet writer: `parquet-encode.ts` in a worker of its own, one per export. */
export const workerParquet: ParquetStarter = (compression, write) => {
  const worker = new Worker(new URL('./parquet.worker.ts', import.meta.url), { type: 'module', name: 'sluice-parquet' });
  const post = (message: ParquetRequest, transfer: Transferable[] = []) => worker.postMessage(message, transfer);
  let waiting: { resolve: () => void; reject: (e: Error) => void } | null = null;
  let failure: Error | null = null;
  const settle = (error?: Error) => {
    const w = waiting;
    waiting = null;
    if (error) w?.reject(error);
    else w?.resolve();
  };
  const stop = (error: Error) => {
    failure ??= error;
    worker.terminate();
    settle(failure);
  };
  worker.onmessage = (event: MessageEvent<ParquetReply>) => {
    const reply = event.data;
    switch (reply.type) {
      case 'taken':
        return settle();
      case 'done':
        worker.terminate();
        return settle();
      case 'error':
        return stop(new Error(reply.message));
      case 'chunk':
        write(reply.bytes).then(
          () => post({ type: 'written' }),
          (e: unknown) => stop(e instanceof Error ? e : new Error(String(e))),
        );
    }
  };
  worker.onerror = (event) => stop(new Error(event.message || 'the Parquet worker failed'));
  const request = (message: ParquetRequest, transfer: Transferable[] = []) =>
    new Promise<void>((resolve, reject) => {
      if (failure) return reject(failure);
      waiting = { resolve, reject };
      post(message, transfer);
    });
  post({ type: 'start', compression });
  return Promise.resolve({
    push: (bytes) => request({ type: 'batch', bytes }, [bytes.buffer as ArrayBuffer]),
    finish: () => request({ type: 'end' }),
    abort: () => stop(new Error('Cancelled.')),
  });
};
