/**
 * What the preload exposes as window.headroom, built from the contract alone: each method invokes its channel,
 * `on` hears an event's channel. Pure, with ipcRenderer's calls passed in, so it is tested without Electron; the
 * preload only wires it. The renderer gets plain functions: never ipcRenderer, never an IpcRendererEvent (whose
 * `sender` would be ipcRenderer itself).
 */
import { methodNames, type ContractEvents, type EventName, type HeadroomApi, type MethodName } from './contract';
import { eventChannel, eventNames, methodChannel } from './ipc-channels';

/** ipcRenderer.invoke, for one request. */
export type Invoke = (channel: string, request: unknown) => Promise<unknown>;
/** Hears a channel's payloads (without the event) until the returned function is called. */
export type Subscribe = (channel: string, listener: (payload: unknown) => void) => () => void;

/** The part of Electron's ipcRenderer a subscription uses (ipcRenderer itself fits). */
export interface IpcRendererLike {
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function headroomApi(invoke: Invoke, subscribe: Subscribe): HeadroomApi {
  const methods = Object.fromEntries(
    methodNames.map((name) => [name, (request: unknown) => call(invoke, name, request)]),
  ) as unknown as Omit<HeadroomApi, 'on'>;
  return {
    ...methods,
    on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): () => void {
      // Only the contract's events: the renderer cannot use `on` to listen to any other channel.
      if (!eventNames.includes(event)) throw new Error(`Headroom has no event named ${String(event)}.`);
      return subscribe(eventChannel(event), (payload) => listener(payload as ContractEvents[E]));
    },
  };
}

/** A Subscribe on ipcRenderer: the event object is dropped here, and the exact listener added is the one removed. */
export function subscribeThrough(ipc: IpcRendererLike): Subscribe {
  return (channel, listener) => {
    const heard = (_event: unknown, payload: unknown) => listener(payload);
    ipc.on(channel, heard);
    return () => {
      ipc.removeListener(channel, heard);
    };
  };
}

/** Electron puts this before a main-process error's message; the popover shows the message, so it goes. */
const remotePrefix = /^Error invoking remote method '[^']*': (?:[A-Za-z]*Error: )?/;

async function call(invoke: Invoke, name: MethodName, request: unknown): Promise<unknown> {
  try {
    return await invoke(methodChannel(name), request);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // eslint-disable-next-line preserve-caught-error -- the page gets words only, not Electron's error object
    throw new Error(message.replace(remotePrefix, ''));
  }
}
