import type { HeadroomApi } from '../../../electron/contract';
import type { HeadroomClient } from './client';

/**
 * The Electron popover: the preload exposes the contract as window.headroom. The main process lives as long as the
 * window, so the line is never lost.
 */
export function ipcClient(api: HeadroomApi): HeadroomClient {
  return { api, link: () => 'up', onLinkChange: () => () => undefined };
}
