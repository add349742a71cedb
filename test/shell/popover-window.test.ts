import { describe, expect, it } from 'vitest';
import { createPopoverWindow, popoverBackground, type PopoverApp } from '../../electron/shell/popover-window';
import type { Point } from '../../electron/shell/popover-position';
import { FakeWindow } from '../support/electron-fakes/browser-window';
import { fakeScreen } from '../support/electron-fakes/screen';

function lastWindow(): FakeWindow {
  const window = FakeWindow.created.at(-1);
  if (!window) throw new Error('No window was created');
  return window;
}

function fakeApp() {
  const listeners: (() => void)[] = [];
  const app: PopoverApp = { on: (_event, listener) => listeners.push(listener) };
  return { app, quit: () => listeners.forEach((listener) => listener()) };
}

function popoverOn(platform: NodeJS.Platform, extra: { cursor?: Point; time?: { now: number } } = {}) {
  const { screen, asked } = fakeScreen(extra.cursor);
  const time = extra.time ?? { now: 0 };
  const { app, quit } = fakeApp();
  const popover = createPopoverWindow({
    BrowserWindow: FakeWindow,
    screen,
    app,
    preloadPath: '/app/dist/electron/preload.cjs',
    rendererFile: '/app/dist/renderer/index.html',
    platform,
    now: () => time.now,
  });
  const window = lastWindow();
  return { popover, window, asked, time, quit };
}

const trayBounds = { x: 1700, y: 1040, width: 24, height: 40 };

describe('the popover window it creates', () => {
  it('is locked down: context isolation, sandbox, no Node, web security, and only the preload', () => {
    const { options } = popoverOn('win32').window;
    expect(options.webPreferences).toEqual({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      backgroundThrottling: false,
      spellcheck: false,
    });
  });

  it('is a frameless, fixed, always-on-top window out of the taskbar, hidden until opened', () => {
    const { options } = popoverOn('win32').window;
    expect(options).toMatchObject({
      width: 360,
      height: 520,
      frame: false,
      resizable: false,
      movable: false,
      minimizable: false,
      maximizable: false,
      fullscreenable: false,
      skipTaskbar: true,
      show: false,
      alwaysOnTop: true,
      backgroundColor: popoverBackground(false),
    });
  });

  it('takes the dark background when asked, so nothing flashes white before the page paints', () => {
    const { screen } = fakeScreen();
    createPopoverWindow({
      BrowserWindow: FakeWindow,
      screen,
      preloadPath: 'preload.cjs',
      rendererFile: 'index.html',
      platform: 'linux',
      backgroundColor: popoverBackground(true),
    });
    expect(lastWindow().options.backgroundColor).toBe('#16191d');
  });

  it('loads the renderer build from disk at once, before it is ever shown', async () => {
    const { popover, window } = popoverOn('linux');
    await popover.loaded;
    expect(window.loadedFile).toBe('/app/dist/renderer/index.html');
    expect(window.visible).toBe(false);
  });

  it('loads a dev server URL when given one instead', () => {
    const { screen } = fakeScreen();
    createPopoverWindow({
      BrowserWindow: FakeWindow,
      screen,
      preloadPath: 'preload.cjs',
      rendererUrl: 'http://localhost:5173/',
      platform: 'linux',
    });
    expect(lastWindow().loadedUrl).toBe('http://localhost:5173/');
  });

  it('opens over full-screen apps and on every Space on macOS only', () => {
    expect(popoverOn('darwin').window.allWorkspaces).toEqual([true, { visibleOnFullScreen: true }]);
    expect(popoverOn('win32').window.allWorkspaces).toBeUndefined();
  });

  it('is one window for the whole run: its webContents, for the IPC transport, is that window’s', () => {
    const before = FakeWindow.created.length;
    const { popover, window } = popoverOn('win32');
    popover.show(trayBounds);
    popover.hide();
    popover.toggle(trayBounds);
    expect(FakeWindow.created.length - before).toBe(1);
    expect(popover.webContents).toBe(window.webContents);
  });
});

describe('opening beside the tray', () => {
  it('opens above the tray icon in a bottom taskbar, at the popover size, focused', () => {
    const { popover, window, asked } = popoverOn('win32');
    popover.show(trayBounds);
    expect(window.bounds).toEqual({ x: 1712 - 180, y: 1040 - 520, width: 360, height: 520 });
    expect(window.visible && window.focused).toBe(true);
    expect(asked).toEqual([{ x: 1712, y: 1060 }]);
  });

  it('opens at the cursor, on the cursor’s display, when the tray gives zero bounds (Linux)', () => {
    const { popover, window, asked } = popoverOn('linux', { cursor: { x: 1000, y: 1060 } });
    popover.show({ x: 0, y: 0, width: 0, height: 0 });
    expect(asked).toEqual([{ x: 1000, y: 1060 }]);
    expect(window.bounds).toMatchObject({ x: 820, y: 520 });
  });

  it('opens where the tray was last seen when shown without bounds (a notification click)', () => {
    const { popover, window } = popoverOn('win32', { cursor: { x: 100, y: 100 } });
    popover.show(trayBounds);
    popover.hide();
    popover.show();
    expect(window.bounds).toMatchObject({ x: 1532, y: 520 });
  });
});

describe('hiding when it loses focus', () => {
  it('hides on blur', () => {
    const { popover, window } = popoverOn('win32');
    popover.show(trayBounds);
    window.emit('blur');
    expect(popover.isVisible()).toBe(false);
  });

  it('stays open on blur while pinned, and hides on blur again once unpinned', () => {
    const { popover, window } = popoverOn('win32');
    popover.setPinned(true);
    popover.show(trayBounds);
    window.emit('blur');
    expect(popover.isVisible()).toBe(true);
    expect(popover.isPinned()).toBe(true);
    popover.setPinned(false);
    window.emit('blur');
    expect(popover.isVisible()).toBe(false);
  });
});

describe('toggling from the tray', () => {
  it('opens when hidden and hides when open', () => {
    const { popover } = popoverOn('darwin');
    popover.toggle(trayBounds);
    expect(popover.isVisible()).toBe(true);
    popover.toggle(trayBounds);
    expect(popover.isVisible()).toBe(false);
  });

  it('stays closed when the tray click that closes it blurred it first (Windows)', () => {
    const { popover, window, time } = popoverOn('win32');
    popover.toggle(trayBounds);
    time.now = 10_000;
    window.emit('blur');
    time.now = 10_050;
    popover.toggle(trayBounds);
    expect(popover.isVisible()).toBe(false);
  });

  it('opens again on a tray click well after it was hidden by a click elsewhere', () => {
    const { popover, window, time } = popoverOn('win32');
    popover.toggle(trayBounds);
    time.now = 10_000;
    window.emit('blur');
    time.now = 15_000;
    popover.toggle(trayBounds);
    expect(popover.isVisible()).toBe(true);
  });
});

describe('closing, sending and destroying', () => {
  it('hides instead of closing (Alt+F4), so the one window lives on', () => {
    const { popover, window } = popoverOn('win32');
    popover.show(trayBounds);
    expect(window.askToClose()).toBe(false);
    expect(popover.isVisible()).toBe(false);
  });

  it('lets the window close when the app quits, or Windows ends the session', () => {
    const quitting = popoverOn('win32');
    quitting.quit();
    expect(quitting.window.askToClose()).toBe(true);
    const loggingOff = popoverOn('win32');
    loggingOff.window.emit('session-end');
    expect(loggingOff.window.askToClose()).toBe(true);
  });

  it('sends events to the page while hidden, and nothing once destroyed', () => {
    const { popover, window } = popoverOn('linux');
    popover.send('headroom:event:notice', { title: 'hello' });
    popover.destroy();
    popover.send('headroom:event:notice', { title: 'too late' });
    popover.show(trayBounds);
    expect(window.sent).toEqual([['headroom:event:notice', { title: 'hello' }]]);
    expect(window.destroyed).toBe(true);
    expect(popover.isVisible()).toBe(false);
  });
});
