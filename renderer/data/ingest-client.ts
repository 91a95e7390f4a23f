import type { IngestMessage, IngestRequest } from '../../shared/ingest-contract.ts';

/** The UI side of the ingest worker: one worker, started on first use, its messages routed by load id. */
export class IngestClient {
  private worker: Worker | undefined;
  private readonly listeners = new Map<number, (m: IngestMessage) => void>();

  constructor(private readonly makeWorker: () => Worker) {}

  /** Start the worker and compile its decoders while the user picks a file. */
  warmUp(): void {
    this.send({ type: 'warmup', id: 0 });
  }

  send(request: IngestRequest): void {
    this.started().postMessage(request);
  }

  /** Send a request answered by one message (a scan), and wait for that answer. */
  ask(request: IngestRequest): Promise<IngestMessage> {
    return new Promise((resolve) => {
      this.listen(request.id, (m) => {
        this.stopListening(request.id);
        resolve(m);
      });
      this.send(request);
    });
  }

  listen(id: number, listener: (m: IngestMessage) => void): void {
    this.listeners.set(id, listener);
  }

  stopListening(id: number): void {
    this.listeners.delete(id);
  }

  private started(): Worker {
    if (!this.worker) {
      this.worker = this.makeWorker();
      this.worker.onmessage = (e: MessageEvent<IngestMessage>) => this.listeners.get(e.data.id)?.(e.data);
    }
    return this.worker;
  }
}
