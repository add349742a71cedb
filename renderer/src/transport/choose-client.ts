import type { HeadroomApi } from '../../../electron/contract';
import type { HeadroomClient } from './client';
import { httpClient } from './http-client';
import { ipcClient } from './ipc-client';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser tab served by the headless host. */
    headroom?: HeadroomApi;
  }
}

/** One transport, chosen once at start: the preload's when it is there, the headless host's otherwise. */
export function chooseClient(): HeadroomClient {
  return window.headroom ? ipcClient(window.headroom) : httpClient();
}
