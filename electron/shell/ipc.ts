/**
 * The Electron transport of the contract, main side: every method answered on its own channel through one gate,
 * every event sent to the popover. Generic over the contract's maps, so a new method needs no code here, and a
 * handler left out fails to compile (ContractHandlers).
 *
 * Electron's ipcMain is passed in, not imported, so this file loads in plain Node and is tested with fakes.
 */
import { methodNames, type ContractHandlers, type HeadroomApi, type MethodName } from '../contract';
import { eventChannel, eventNames, methodChannel } from '../ipc-channels';
import { InvalidRequestError } from '../service/request-error';

/** What the gate reads of Electron's WebFrameMain. */
export interface SenderFrame {
  readonly url: string;
  /** Null for a window's main frame; an iframe has its parent here. */
  readonly parent?: SenderFrame | null;
  /** Tells two wrappers of one frame apart from two frames. */
  readonly frameToken?: string;
}

/** What the gate reads of Electron's IpcMainInvokeEvent. */
export interface InvokeEvent {
  /** Null when the frame has navigated away or is gone. */
  readonly senderFrame: SenderFrame | null | undefined;
  readonly sender?: { readonly mainFrame?: SenderFrame };
}

/** The part of Electron's ipcMain this uses (ipcMain itself fits). */
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

export interface RegisterContractOptions {
  ipcMain: IpcMainLike;
  handlers: ContractHandlers;
  /** Whether a frame is the popover's own page; see trustedRendererFrame. */
  isTrustedSender(frame: { url: string } | null | undefined): boolean;
  /** Hears a handler's failure before the renderer gets a plain sentence instead, so it can be logged. */
  onHandlerError?(method: MethodName, error: unknown): void;
}

/** Electron hands the renderer only an error's message: these are all it ever reads. */
export const refusedWords = 'Headroom refused a call from an unknown page.';
export const failedWords = (method: MethodName) =>
  `Headroom could not complete ${method}: something went wrong inside it.`;

/** Answers every contract method from the popover's page; returns a function that takes them all down again. */
export function registerContract(options: RegisterContractOptions): () => void {
  const { ipcMain, handlers, isTrustedSender, onHandlerError } = options;
  const channels: string[] = [];
  for (const name of methodNames) {
    // One method's type at a time is more than TypeScript can follow through a loop; the map guarantees the pair.
    const handler = handlers[name] as (this: ContractHandlers, request: unknown) => Promise<unknown>;
    const channel = methodChannel(name);
    ipcMain.handle(channel, async (event, request) => {
      // Checked on every call, not once: a window can be navigated, and an iframe shares its window's ipc.
      if (!fromTheMainFrame(event) || !isTrustedSender(event.senderFrame)) throw new Error(refusedWords);
      try {
        // Called on `handlers`: the service is a class, and its methods need their `this`.
        return await handler.call(handlers, request);
      } catch (error) {
        onHandlerError?.(name, error);
        // A new Error, not the handler's, and no cause: its message may carry details (paths, upstream text) the
        // popover has no use for; onHandlerError has the original.
        // eslint-disable-next-line preserve-caught-error -- the original must not travel to the renderer
        throw new Error(error instanceof InvalidRequestError ? error.userMessage : failedWords(name));
      }
    });
    channels.push(channel);
  }
  return () => {
    for (const channel of channels.splice(0)) ipcMain.removeHandler(channel);
  };
}

/** Every contract event, sent on its channel as it happens; returns a function that stops them. */
export function forwardEvents(options: {
  events: Pick<HeadroomApi, 'on'>;
  send(channel: string, payload: unknown): void;
}): () => void {
  const { events, send } = options;
  const stops = eventNames.map((name) => events.on(name, (payload) => send(eventChannel(name), payload)));
  return () => {
    for (const stop of stops.splice(0)) stop();
  };
}

/**
 * isTrustedSender for the popover: a top-level frame showing the renderer's page (rendererUrl, the URL the window
 * loads: a file: URL when packaged, the dev server's in development). Its hash and query are ignored, so routing
 * inside the page keeps it trusted; any other page, a remote one above all, is refused.
 */
export function trustedRendererFrame(
  rendererUrl: string | URL,
): (frame: { url: string } | null | undefined) => boolean {
  const expected = pageOf(String(rendererUrl));
  if (expected === undefined) throw new Error(`The renderer's URL ${String(rendererUrl)} is not a URL.`);
  return (frame) => {
    if (frame === null || frame === undefined) return false;
    if (isSubframe(frame)) return false;
    return pageOf(frame.url) === expected;
  };
}

function fromTheMainFrame(event: InvokeEvent): boolean {
  try {
    const frame = event.senderFrame;
    if (frame === null || frame === undefined || isSubframe(frame)) return false;
    const mainFrame = event.sender?.mainFrame;
    if (mainFrame === undefined || frame === mainFrame) return true;
    return frame.frameToken !== undefined && frame.frameToken === mainFrame.frameToken;
  } catch {
    // Electron throws on reading a frame that is being torn down: no frame, no call.
    return false;
  }
}

function isSubframe(frame: { url: string; parent?: unknown }): boolean {
  return frame.parent !== undefined && frame.parent !== null;
}

/** The page a URL shows, without its hash and query, or undefined when it is not a URL. */
function pageOf(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${decodeURI(parsed.pathname)}`;
  } catch {
    return undefined;
  }
}
