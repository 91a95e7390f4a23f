export type ElectronBinary = { path: string } | { path: null; reason: string };

/** Where the Electron executable is, or why it is not available; never downloads it. */
export function locateElectronBinary(projectRoot: string): ElectronBinary;

/** The Electron executable, or null when it is not on this machine. */
export function findElectronBinary(projectRoot: string): string | null;
