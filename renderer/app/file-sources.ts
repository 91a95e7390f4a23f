import type { HostFileRef } from '../../shared/host-contract.ts';
import type { FileSource } from '../data/types.ts';

/** A file the user picked or dropped in the browser. */
export const fromFile = (file: File): FileSource => ({ kind: 'blob', name: file.name, size: file.size, blob: file });

/** A file the desktop host opened (read through its file protocol). */
export const fromHostRef = (ref: HostFileRef): FileSource => ({ kind: 'url', name: ref.name, size: ref.size, url: ref.url, path: ref.path });
