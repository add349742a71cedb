import { describe, expect, it, vi } from 'vitest';
import {
  claimSingleInstance,
  liveInTheTray,
  openAtLogin,
  setOpenAtLogin,
  stopBeforeQuitting,
  type LifecycleApp,
} from '../../electron/shell/app-lifecycle';

type Listener = (event: { preventDefault(): void }) => void;

function fakeApp(options: { locked?: boolean; macOS?: boolean } = {}) {
  const listeners = new Map<string, Listener[]>();
  let login = false;
  const app = {
    requestSingleInstanceLock: () => options.locked ?? true,
    on: (event: string, listener: Listener) => listeners.set(event, [...(listeners.get(event) ?? []), listener]),
    quit: vi.fn(),
    exit: vi.fn(),
    dock: options.macOS ? { hide: vi.fn() } : undefined,
    setLoginItemSettings: ({ openAtLogin: open }: { openAtLogin: boolean }) => (login = open),
    getLoginItemSettings: () => ({ openAtLogin: login }),
  };
  const emit = (event: string) => {
    const prevented = { value: false };
    for (const listener of listeners.get(event) ?? []) listener({ preventDefault: () => (prevented.value = true) });
    return prevented.value;
  };
  return { app: app as LifecycleApp & typeof app, emit, listeners };
}

describe('the tray app’s life', () => {
  it('lets one instance run: a second launch opens the first one’s popover', () => {
    const first = fakeApp();
    const opened = vi.fn();
    expect(claimSingleInstance(first.app, opened)).toBe(true);
    first.emit('second-instance');
    expect(opened).toHaveBeenCalledTimes(1);
    expect(claimSingleInstance(fakeApp({ locked: false }).app, opened)).toBe(false);
  });

  it('keeps running with no window and out of the Dock on macOS', () => {
    const mac = fakeApp({ macOS: true });
    liveInTheTray(mac.app);
    expect(mac.app.dock?.hide).toHaveBeenCalled();
    expect(mac.listeners.has('window-all-closed')).toBe(true);
    expect(() => liveInTheTray(fakeApp().app)).not.toThrow();
  });

  it('quits only after the service has stopped, once, however often Quit is asked for', async () => {
    const { app, emit } = fakeApp();
    let finish!: () => void;
    const stop = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    stopBeforeQuitting(app, stop, () => undefined);

    expect(emit('before-quit')).toBe(true);
    emit('before-quit');
    expect(stop).toHaveBeenCalledTimes(1);
    expect(app.exit).not.toHaveBeenCalled();
    finish();
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(0));
  });

  it('still quits when stopping fails, and says why', async () => {
    const { app, emit } = fakeApp();
    const problems: string[] = [];
    stopBeforeQuitting(
      app,
      () => Promise.reject(new Error('port stuck')),
      (message) => problems.push(message),
    );
    emit('before-quit');
    await vi.waitFor(() => expect(app.exit).toHaveBeenCalledWith(0));
    expect(problems).toEqual(['Headroom did not stop cleanly: port stuck']);
  });

  it('opens at login when the user asks for it', () => {
    const { app } = fakeApp();
    expect(openAtLogin(app)).toBe(false);
    setOpenAtLogin(app, true);
    expect(openAtLogin(app)).toBe(true);
  });
});
