import { EXPORT_EXTENSIONS, EXPORT_LABELS, EXPORT_MIME } from '../../shared/export/formats.ts';
import type { SaveKind, SaveRequest, SaveTarget } from '../../shared/host-contract.ts';
import { err, errorMessage, ok, type Result } from '../../shared/result.ts';

/**
 * Saving in web mode. Where the browser has `showSaveFilePicker` (Chromium), the bytes stream to the
 * picked file through a `FileSystemWritableFileStream`, which writes to a temporary file and replaces the
 * target only on `close()` (and `abort()` drops it). Elsewhere the bytes are kept in memory and offered as
 * a download at commit: that fallback holds the whole file (the dialog says so for large exports).
 */

interface SaveFilePickerOptions {
  suggestedName?: string;
  types?: { description: string; accept: Record<string, string[]> }[];
}
interface PickedFile {
  name: string;
  createWritable(): Promise<WritableFile>;
}
interface WritableFile {
  write(data: Uint8Array): Promise<void>;
  close(): Promise<void>;
  abort(): Promise<void>;
}
type Picker = (options: SaveFilePickerOptions) => Promise<PickedFile>;

type WebSave = { kind: 'stream'; name: string; writable: WritableFile; queue: Promise<Result<void>> } | { kind: 'download'; name: string; kindOf: SaveKind; chunks: Uint8Array[] };

const saves = new Map<string, WebSave>();

const newToken = () => [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');

function pickerTypes(kind: SaveKind): SaveFilePickerOptions['types'] {
  if (kind === 'config') return [{ description: 'Sluice pipeline config', accept: { 'application/json': ['.json'] } }];
  return [{ description: EXPORT_LABELS[kind], accept: { [EXPORT_MIME[kind]]: [`.${EXPORT_EXTENSIONS[kind]}`] } }];
}

export async function webSaveDialog(request: SaveRequest): Promise<Result<SaveTarget | null>> {
  const picker = (window as unknown as { showSaveFilePicker?: Picker }).showSaveFilePicker;
  const token = newToken();
  if (typeof picker !== 'function') {
    saves.set(token, { kind: 'download', name: request.suggestedName, kindOf: request.kind, chunks: [] });
    return ok({ token, name: request.suggestedName, path: request.suggestedName, buffered: true });
  }
  try {
    const handle = await picker.call(window, { suggestedName: request.suggestedName, types: pickerTypes(request.kind) });
    const writable = await handle.createWritable();
    saves.set(token, { kind: 'stream', name: handle.name, writable, queue: Promise.resolve(ok(undefined)) });
    return ok({ token, name: handle.name, path: handle.name, buffered: false });
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') return ok(null);
    return err({ kind: 'dialog', message: `The save dialog failed: ${errorMessage(e)}` });
  }
}

export function webWriteSave(token: string, chunk: Uint8Array): Promise<Result<void>> {
  const save = saves.get(token);
  if (!save) return Promise.resolve(unknownSave());
  if (save.kind === 'download') {
    // The caller may reuse its buffer: keep a copy.
    save.chunks.push(chunk.slice());
    return Promise.resolve(ok(undefined));
  }
  save.queue = save.queue.then(async (previous) => {
    if (!previous.ok) return previous;
    try {
      await save.writable.write(chunk);
      return ok(undefined);
    } catch (e) {
      return err({ kind: 'io', message: `Could not write ${save.name}: ${errorMessage(e)}`, file: save.name });
    }
  });
  return save.queue;
}

export async function webCommitSave(token: string): Promise<Result<void>> {
  const save = saves.get(token);
  if (!save) return unknownSave();
  saves.delete(token);
  if (save.kind === 'download') {
    const mime = save.kindOf === 'config' ? 'application/json' : EXPORT_MIME[save.kindOf];
    download(new Blob(save.chunks as BlobPart[], { type: mime }), save.name);
    return ok(undefined);
  }
  const written = await save.queue;
  if (!written.ok) {
    await save.writable.abort().catch(() => undefined);
    return written;
  }
  try {
    await save.writable.close();
    return ok(undefined);
  } catch (e) {
    return err({ kind: 'io', message: `Could not save ${save.name}: ${errorMessage(e)}`, file: save.name });
  }
}

export async function webAbortSave(token: string): Promise<Result<void>> {
  const save = saves.get(token);
  saves.delete(token);
  if (save?.kind === 'stream') {
    await save.queue.catch(() => undefined);
    await save.writable.abort().catch(() => undefined);
  }
  return ok(undefined);
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

const unknownSave = (): Result<never> => err({ kind: 'invalid-argument', message: 'That save is not in progress (it was finished or cancelled).' });
