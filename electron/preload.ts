/**
 * The popover's preload: exposes the contract as window.headroom, and nothing else. Bundled to one CommonJS file
 * (a sandboxed preload can require only 'electron'), so what it imports from the project comes along.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { headroomApi, subscribeThrough } from './preload-api';

contextBridge.exposeInMainWorld(
  'headroom',
  headroomApi((channel, request) => ipcRenderer.invoke(channel, request), subscribeThrough(ipcRenderer)),
);
