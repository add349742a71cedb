import { describe, expect, it, vi } from 'vitest';
import {
  claimSingleInstance,
  liveInTheTray,
  openAtLogin,
  setOpenAtLogin,
  stopBeforeQuitting,
} from '../../electron/shell/app-lifecycle';
import { FakeApp } from '../support/electron-fakes/app';

describe('the tray app’s life', () => {
  it('lets one instance run: a second launch opens the first one’s popover', () => {
    const first = new FakeApp();
    const opened = vi.fn();
    expect(claimSingleInstance(first, opened)).toBe(true);
    first.emit('second-instance');
    expect(opened).toHaveBeenCalledTimes(1);
    expect(claimSingleInstance(new FakeApp({ locked: false }), opened)).toBe(false);
  });

  it('keeps running with no window and out of the Dock on macOS', () => {
    const mac = new FakeApp({ macOS: true });
    liveInTheTray(mac);
    expect(mac.dockHidden).toBe(true);
    expect(mac.listeners.has('window-all-closed')).toBe(true);
    expect(() => liveInTheTray(new FakeApp())).not.toThrow();
  });

  it('quits only after the service has stopped, once, however often Quit is asked for', async () => {
    const app = new FakeApp();
    let finish!: () => void;
    const stop = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    stopBeforeQuitting(app, stop, () => undefined);

    expect(app.emit('before-quit')).toBe(true);
    app.emit('before-quit');
    expect(stop).toHaveBeenCalledTimes(1);
    expect(app.exitCodes).toEqual([]);
    finish();
    await vi.waitFor(() => expect(app.exitCodes).toEqual([0]));
  });

  it('still quits when stopping fails, and says why', async () => {
    const app = new FakeApp();
    const problems: string[] = [];
    stopBeforeQuitting(
      app,
      () => Promise.reject(new Error('port stuck')),
      (message) => problems.push(message),
    );
    app.emit('before-quit');
    await vi.waitFor(() => expect(app.exitCodes).toEqual([0]));
    expect(problems).toEqual(['Headroom did not stop cleanly: port stuck']);
  });

  it('opens at login when the user asks for it', () => {
    const app = new FakeApp();
    expect(openAtLogin(app)).toBe(false);
    setOpenAtLogin(app, true);
    expect(openAtLogin(app)).toBe(true);
  });
});
