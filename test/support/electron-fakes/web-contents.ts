import type { GuardedSession, GuardedWebContents, NavigationEvent } from '../../../electron/shell/security';

type Listener = (...args: never[]) => void;

/** A session as the security rules see it: `ask` is a page asking for a permission. */
export class FakeSession implements GuardedSession {
  requestHandler?: Parameters<GuardedSession['setPermissionRequestHandler']>[0];
  checkHandler?: () => boolean;
  handlersSet = 0;
  setPermissionRequestHandler(handler: NonNullable<FakeSession['requestHandler']>) {
    this.requestHandler = handler;
    this.handlersSet += 1;
  }
  setPermissionCheckHandler(handler: () => boolean) {
    this.checkHandler = handler;
  }
  /** The page asks for a permission: what it is answered. */
  ask(permission: string): boolean | undefined {
    let granted: boolean | undefined;
    this.requestHandler?.({}, permission, (answer) => (granted = answer));
    return granted;
  }
}

/** A webContents as the security rules see it: `prevented` plays a navigation and tells whether it was refused. */
export class FakeWebContents implements GuardedWebContents {
  readonly listeners = new Map<string, Listener[]>();
  windowOpenHandler?: () => { action: 'deny' };
  constructor(readonly session: FakeSession = new FakeSession()) {}
  on(event: string, listener: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  setWindowOpenHandler(handler: () => { action: 'deny' }) {
    this.windowOpenHandler = handler;
  }
  /** Fires `event` as Electron 25+ does (the URL on the event, and again after it): true when it was prevented. */
  prevented(event: string, url?: string): boolean {
    let prevented = false;
    const details: NavigationEvent = { preventDefault: () => (prevented = true), url };
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => void)(details, url);
    return prevented;
  }
}
