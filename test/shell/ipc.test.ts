import type { IpcMain } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { methodNames, type ContractEvents, type ContractHandlers, type EventName } from '../../electron/contract';
import { eventChannel, methodChannel } from '../../electron/ipc-channels';
import { InvalidRequestError } from '../../electron/service/request-error';
import {
  forwardEvents,
  registerContract,
  trustedRendererFrame,
  type InvokeEvent,
  type IpcMainLike,
  type SenderFrame,
} from '../../electron/shell/ipc';
import { FakeIpcMain } from '../support/electron-fakes/ipc-main';

// Compile-time only: Electron's own ipcMain fits the shape the shell asks for, so main.ts passes it as it is.
export const electronFits: (ipc: IpcMain) => IpcMainLike = (ipc) => ipc;

const rendererUrl = 'file:///opt/Headroom/resources/app.asar/dist/renderer/index.html';

/** Every method answering with its own name, spied on, so a test can see whether it was called. */
function fakeHandlers(): ContractHandlers {
  const handlers = Object.fromEntries(methodNames.map((name) => [name, vi.fn(async () => `answer of ${name}`)]));
  return handlers as unknown as ContractHandlers;
}

/** The error a call is rejected with. */
async function failureOf(call: Promise<unknown>): Promise<Error> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(outcome instanceof Error)) throw new Error('expected the call to be rejected with an Error');
  return outcome;
}

const popoverFrame: SenderFrame = { url: rendererUrl, parent: null, frameToken: 'main' };
const fromPopover: InvokeEvent = { senderFrame: popoverFrame, sender: { mainFrame: popoverFrame } };

function setUp(handlers = fakeHandlers()) {
  const ipcMain = new FakeIpcMain();
  const unregister = registerContract({ ipcMain, handlers, isTrustedSender: trustedRendererFrame(rendererUrl) });
  return { ipcMain, handlers, unregister };
}

describe('the main side of the ipc transport', () => {
  it('registers every method of the contract, each on its own channel, and takes them all down again', () => {
    const { ipcMain, unregister } = setUp();
    expect([...ipcMain.handlers.keys()].sort()).toEqual(methodNames.map((name) => `headroom:call:${name}`).sort());
    unregister();
    expect(ipcMain.handlers.size).toBe(0);
  });

  it('passes a call from the popover to its handler with its request, and gives back the answer', async () => {
    const { ipcMain, handlers } = setUp();
    const request = { hours: 24 };
    await expect(ipcMain.invoke(methodChannel('usageHistory'), fromPopover, request)).resolves.toBe(
      'answer of usageHistory',
    );
    expect(handlers.usageHistory).toHaveBeenCalledExactlyOnceWith(request);
  });

  it('calls a handler as a method of its object, as a service class needs', async () => {
    class Service {
      readonly #answer = 'answered with its own this';
      async snapshot() {
        return this.#answer;
      }
    }
    const others: Partial<ContractHandlers> = fakeHandlers();
    delete others.snapshot;
    const { ipcMain } = setUp(Object.assign(new Service(), others) as unknown as ContractHandlers);
    await expect(ipcMain.invoke(methodChannel('snapshot'), fromPopover)).resolves.toBe('answered with its own this');
  });

  it('keeps the popover trusted as it routes within its page (hash and query)', async () => {
    const { ipcMain } = setUp();
    const routed = { url: `${rendererUrl}?platform=darwin#/settings`, parent: null };
    await expect(ipcMain.invoke(methodChannel('snapshot'), { senderFrame: routed })).resolves.toBe(
      'answer of snapshot',
    );
  });

  const refused: [string, InvokeEvent][] = [
    ['a remote page', { senderFrame: { url: 'https://evil.example/index.html', parent: null } }],
    ['another local file', { senderFrame: { url: 'file:///tmp/index.html', parent: null } }],
    ['a frame that is gone', { senderFrame: null }],
    ['no frame at all', { senderFrame: undefined }],
    ['a subframe, even of the renderer file', { senderFrame: { url: rendererUrl, parent: popoverFrame } }],
    [
      'a frame that is not its window’s main frame',
      { senderFrame: { url: rendererUrl, parent: null, frameToken: 'other' }, sender: { mainFrame: popoverFrame } },
    ],
  ];
  it.each(refused)('refuses a call from %s without calling the handler', async (_, event) => {
    const { ipcMain, handlers } = setUp();
    await expect(ipcMain.invoke(methodChannel('wakeUp'), event)).rejects.toThrow(
      /^Headroom refused a call from an unknown page\.$/,
    );
    expect(handlers.wakeUp).not.toHaveBeenCalled();
  });

  it('refuses when reading the frame throws (a frame being torn down)', async () => {
    const { ipcMain, handlers } = setUp();
    const tornDown = {
      get senderFrame(): SenderFrame {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    await expect(ipcMain.invoke(methodChannel('wakeUp'), tornDown)).rejects.toThrow(/unknown page/);
    expect(handlers.wakeUp).not.toHaveBeenCalled();
  });

  it('passes an invalid request’s own words, and nothing else of it', async () => {
    const handlers = fakeHandlers();
    handlers.usageHistory = async () => {
      throw new InvalidRequestError('hours', 'Hours must be a whole number from 1 to 168 (a week).');
    };
    const { ipcMain } = setUp(handlers);
    const error = await failureOf(ipcMain.invoke(methodChannel('usageHistory'), fromPopover, { hours: -1 }));
    expect(error.message).toBe('Hours must be a whole number from 1 to 168 (a week).');
  });

  it('replaces any other failure with a plain sentence, and lets the shell hear the real one', async () => {
    const handlers = fakeHandlers();
    const failure = new Error('ECONNRESET at /home/me/.config/Headroom, Secret: hunter2');
    handlers.testConnection = async () => {
      throw failure;
    };
    const ipcMain = new FakeIpcMain();
    const onHandlerError = vi.fn();
    registerContract({ ipcMain, handlers, isTrustedSender: trustedRendererFrame(rendererUrl), onHandlerError });

    const error = await failureOf(ipcMain.invoke(methodChannel('testConnection'), fromPopover));

    expect(error.message).toBe('Headroom could not complete testConnection: something went wrong inside it.');
    expect(error.message).not.toContain('hunter2');
    expect(onHandlerError).toHaveBeenCalledExactlyOnceWith('testConnection', failure);
  });

  it('trusts only a top-level frame showing the renderer file', () => {
    const trusted = trustedRendererFrame(new URL(rendererUrl));
    expect(trusted({ url: rendererUrl })).toBe(true);
    expect(trusted({ url: 'file:///opt/Headroom/resources/app.asar/dist/renderer/other.html' })).toBe(false);
    expect(trusted({ url: 'not a url' })).toBe(false);
    expect(trusted(null)).toBe(false);
    expect(trusted(undefined)).toBe(false);
    expect(() => trustedRendererFrame('index.html')).toThrow(/not a URL/);
  });
});

describe('forwarding events to the popover', () => {
  function fakeEvents() {
    const listeners = new Map<EventName, Set<(payload: never) => void>>();
    return {
      on<E extends EventName>(event: E, listener: (payload: ContractEvents[E]) => void): () => void {
        const set = listeners.get(event) ?? new Set();
        listeners.set(event, set);
        set.add(listener);
        return () => set.delete(listener);
      },
      emit<E extends EventName>(event: E, payload: ContractEvents[E]): void {
        for (const listener of listeners.get(event) ?? []) listener(payload as never);
      },
      count: () => [...listeners.values()].reduce((sum, set) => sum + set.size, 0),
    };
  }

  it('sends every contract event on its channel, until stopped', () => {
    const events = fakeEvents();
    const send = vi.fn();
    const stop = forwardEvents({ events, send });
    const notice = { id: 'asleep', title: 'Throttling started' } as unknown as ContractEvents['notice'];
    const snapshot = { at: 1 } as unknown as ContractEvents['snapshotChanged'];

    events.emit('notice', notice);
    events.emit('snapshotChanged', snapshot);
    expect(send.mock.calls).toEqual([
      [eventChannel('notice'), notice],
      [eventChannel('snapshotChanged'), snapshot],
    ]);

    stop();
    expect(events.count()).toBe(0);
    events.emit('notice', notice);
    expect(send).toHaveBeenCalledTimes(2);
  });
});
