import type { InvokeEvent, IpcMainLike } from '../../../electron/shell/ipc';

type Listener = (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>;

/** Electron's ipcMain, as far as the contract's handlers use it: `invoke` is what ipcRenderer.invoke would get. */
export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();

  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`second handler for ${channel}`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  /** What ipcRenderer.invoke from `frame` would get. */
  invoke(channel: string, event: InvokeEvent, request?: unknown): Promise<unknown> {
    const listener = this.handlers.get(channel);
    if (!listener) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return listener(event, request);
  }
}
