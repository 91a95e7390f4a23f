import type { HostApi } from '../../shared/host-contract.ts';
import { webHost } from './web-host.ts';

declare global {
  interface Window {
    /** Set by the desktop app's preload script. */
    sluiceHost?: HostApi;
  }
}

/** The desktop host when the preload provided one, else the web host. */
export const host: HostApi = window.sluiceHost ?? webHost;
