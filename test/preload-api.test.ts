import type { IpcRenderer } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { methodNames, type ContractEvents, type EventName } from '../electron/contract';
import { eventChannel, methodChannel } from '../electron/ipc-channels';
import { headroomApi, subscribeThrough, type IpcRendererLike, type Subscribe } from '../electron/preload-api';

// Compile-time only: the preload passes Electron's ipcRenderer as it is.
export const ipcRendererFits: (ipc: IpcRenderer) => IpcRendererLike = (ipc) => ipc;

/** ipcRenderer's listeners, as the preload sees them: the event object first. */
function fakeIpcRenderer() {
  const listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  return {
    on(channel: string, listener: (event: unknown, ...args: unknown[]) => void) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
    },
    removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void) {
      listeners.get(channel)?.delete(listener);
    },
    emit(channel: string, payload: unknown) {
      const event = { sender: 'ipcRenderer itself', senderId: 0 };
      for (const listener of listeners.get(channel) ?? []) listener(event, payload);
    },
    count: (channel: string) => listeners.get(channel)?.size ?? 0,
  };
}

const noSubscribe: Subscribe = () => () => undefined;

describe('the API the preload exposes', () => {
  it('invokes each method’s channel with its request, and answers with what comes back', async () => {
    const invoke = vi.fn(async (channel: string) => `answer on ${channel}`);
    const api = headroomApi(invoke, noSubscribe);

    for (const name of methodNames) {
      const request = { for: name };
      const call = api[name] as (request: unknown) => Promise<unknown>;
      await expect(call(request)).resolves.toBe(`answer on ${methodChannel(name)}`);
      expect(invoke).toHaveBeenLastCalledWith(methodChannel(name), request);
    }
    expect(invoke).toHaveBeenCalledTimes(methodNames.length);
    expect(Object.keys(api).sort()).toEqual([...methodNames, 'on'].sort());
  });

  it('calls a method without a request with none', async () => {
    const invoke = vi.fn(async () => ({}));
    await headroomApi(invoke, noSubscribe).snapshot();
    expect(invoke).toHaveBeenCalledWith('headroom:call:snapshot', undefined);
  });

  it('gives the main process’s words without Electron’s "Error invoking remote method" before them', async () => {
    const invoke = async () => {
      throw new Error(
        "Error invoking remote method 'headroom:call:wakeUp': Error: Headroom refused a call from an unknown page.",
      );
    };
    await expect(headroomApi(invoke, noSubscribe).wakeUp()).rejects.toThrow(
      /^Headroom refused a call from an unknown page\.$/,
    );
  });

  it('delivers an event’s payload, never the event object, until unsubscribed', () => {
    const ipc = fakeIpcRenderer();
    const api = headroomApi(vi.fn(), subscribeThrough(ipc));
    const heard = vi.fn();
    const snapshot = { at: 1 } as unknown as ContractEvents['snapshotChanged'];

    const unsubscribe = api.on('snapshotChanged', heard);
    ipc.emit(eventChannel('snapshotChanged'), snapshot);
    ipc.emit(eventChannel('notice'), { other: true });
    expect(heard.mock.calls).toEqual([[snapshot]]);

    unsubscribe();
    expect(ipc.count(eventChannel('snapshotChanged'))).toBe(0);
    ipc.emit(eventChannel('snapshotChanged'), snapshot);
    expect(heard).toHaveBeenCalledTimes(1);
  });

  it('listens to the contract’s events only', () => {
    const api = headroomApi(vi.fn(), noSubscribe);
    expect(() => api.on('ipc-message' as EventName, () => undefined)).toThrow(/no event named ipc-message/);
  });
});
