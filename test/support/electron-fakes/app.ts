import type { LifecycleApp } from '../../../electron/shell/app-lifecycle';

type Listener = (...args: never[]) => void;

export interface FakeAppOptions {
  /** False: another instance holds the single-instance lock. Default true. */
  locked?: boolean;
  /** Has a Dock to hide, as on macOS. */
  macOS?: boolean;
}

/**
 * Electron's `app`, as far as the shell uses it: it keeps its listeners, records what it is asked to do, and
 * `emit` plays an event as Electron would, telling whether a listener prevented its default.
 */
export class FakeApp implements LifecycleApp {
  readonly listeners = new Map<string, Listener[]>();
  /** Every app.exit(code), in order. */
  readonly exitCodes: number[] = [];
  dockHidden = false;
  readonly dock: { hide(): void } | undefined;
  #openAtLogin = false;

  constructor(private readonly options: FakeAppOptions = {}) {
    this.dock = options.macOS ? { hide: () => (this.dockHidden = true) } : undefined;
  }

  requestSingleInstanceLock(): boolean {
    return this.options.locked ?? true;
  }
  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  /** Nothing the shell tests look at: the stand-in Electron plays Electron's quit on top of it. */
  quit(): void {}
  exit(code = 0): void {
    this.exitCodes.push(code);
  }
  setLoginItemSettings({ openAtLogin }: { openAtLogin: boolean }): void {
    this.#openAtLogin = openAtLogin;
  }
  getLoginItemSettings(): { openAtLogin: boolean } {
    return { openAtLogin: this.#openAtLogin };
  }
  /** Plays `event` to every listener, the event object first: true when one of them prevented its default. */
  emit(event: string, ...args: unknown[]): boolean {
    let prevented = false;
    const details = { preventDefault: () => (prevented = true) };
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => void)(details, ...args);
    return prevented;
  }
}
