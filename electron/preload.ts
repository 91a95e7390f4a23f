import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { IPC, isMenuCommand, type HostApi, type HostFileRef, type OpenedProject, type RecentFile, type SaveRequest, type SaveTarget } from '../shared/host-contract.ts';
import type { Result } from '../shared/result.ts';

/**
 * The desktop HostApi over IPC. Sandboxed preloads can only require 'electron', so the build bundles
 * shared/ into this file. Only these named functions cross the bridge, never ipcRenderer itself.
 */
const api = {
  kind: 'desktop',
  openFileDialog: (): Promise<Result<HostFileRef[]>> => ipcRenderer.invoke(IPC.openFileDialog),
  openPath: (path: string): Promise<Result<HostFileRef>> => ipcRenderer.invoke(IPC.openPath, path),
  openProjectDialog: (): Promise<Result<OpenedProject | null>> => ipcRenderer.invoke(IPC.openProjectDialog),
  recentFiles: (): Promise<Result<RecentFile[]>> => ipcRenderer.invoke(IPC.recentFiles),
  saveDialog: (request: SaveRequest): Promise<Result<SaveTarget | null>> => ipcRenderer.invoke(IPC.saveDialog, request),
  writeSave: (token: string, chunk: Uint8Array): Promise<Result<void>> => ipcRenderer.invoke(IPC.writeSave, token, chunk),
  commitSave: (token: string): Promise<Result<void>> => ipcRenderer.invoke(IPC.commitSave, token),
  abortSave: (token: string): Promise<Result<void>> => ipcRenderer.invoke(IPC.abortSave, token),
  onMenuCommand(listener) {
    const handler = (_event: IpcRendererEvent, command: unknown) => {
      if (isMenuCommand(command)) listener(command);
    };
    ipcRenderer.on(IPC.menuCommand, handler);
    return () => {
      ipcRenderer.removeListener(IPC.menuCommand, handler);
    };
  },
} satisfies HostApi;

contextBridge.exposeInMainWorld('sluiceHost', api);
