/**
 * A stand-in for the 'electron' module, made of the shell tests' fakes, for running the built app in plain Node:
 * `node --require <this, bundled> dist/electron/main.cjs`. It hooks Node's module loader so that
 * `require('electron')` (from the app's bundle) gets these objects, tells the test over the
 * IPC channel what the app does with them, and does what the test asks of the tray menu and the popover's page.
 * Configured by HEADROOM_STAND_IN (StandInConfig as JSON).
 */
import Module from 'node:module';
import { pathToFileURL } from 'node:url';
import type { MethodName } from '../../../electron/contract';
import { methodChannel } from '../../../electron/ipc-channels';
import type { InvokeEvent } from '../../../electron/shell/ipc';
import { FakeApp } from '../../support/electron-fakes/app';
import { FakeWindow, type WindowOptions } from '../../support/electron-fakes/browser-window';
import { FakeIpcMain } from '../../support/electron-fakes/ipc-main';
import { fakeNotificationClass } from '../../support/electron-fakes/notification';
import { fakeSafeStorage } from '../../support/electron-fakes/safe-storage';
import { fakeScreen } from '../../support/electron-fakes/screen';
import { FakeTray, fakeMenu, fakeNativeImage, type FakeImage } from '../../support/electron-fakes/tray';
import { FakeWebContents } from '../../support/electron-fakes/web-contents';
import type { StandInCommand, StandInConfig, StandInReport } from './messages';

const config = JSON.parse(process.env['HEADROOM_STAND_IN'] ?? 'null') as StandInConfig | null;
if (!config) throw new Error('The stand-in Electron needs HEADROOM_STAND_IN (its StandInConfig as JSON).');

function report(message: StandInReport): void {
  process.send?.(message);
}

class StandInApp extends FakeApp {
  readonly isPackaged = config !== null && config.packaged !== false;
  readonly #paths = new Map<string, string>();

  constructor(userData: string) {
    super();
    this.#paths.set('userData', userData);
  }
  /** Ready on the next turn, as Electron is once its own start-up is done. */
  whenReady(): Promise<void> {
    return new Promise((resolve) => setImmediate(resolve));
  }
  getPath(name: string): string {
    const path = this.#paths.get(name);
    if (path === undefined) throw new Error(`The stand-in Electron has no path for app.getPath('${name}').`);
    return path;
  }
  setPath(name: string, path: string): void {
    this.#paths.set(name, path);
  }
  getVersion(): string {
    return config?.version ?? '0.0.0';
  }
  /** As Electron's: 'before-quit' first; quits unless a listener prevented it (that listener exits when ready). */
  override quit(): void {
    if (!this.emit('before-quit')) this.exit(0);
  }
  override exit(code = 0): void {
    super.exit(code);
    process.exit(code);
  }
}

const app = new StandInApp(config.userData);
if (config.packaged) Object.defineProperty(process, 'resourcesPath', { value: config.packaged.resourcesPath });

/** Electron's ipcMain also carries plain messages (ipcMain.on), which the stand-in keeps by channel. */
class StandInIpcMain extends FakeIpcMain {
  readonly listeners = new Map<string, unknown[]>();
  on(channel: string, listener: unknown): this {
    this.listeners.set(channel, [...(this.listeners.get(channel) ?? []), listener]);
    return this;
  }
  removeAllListeners(channel: string): this {
    this.listeners.delete(channel);
    return this;
  }
}
const ipcMain = new StandInIpcMain();

/** Every window has a webContents the security rules can guard, announced to the app as Electron does. */
class StandInWindow extends FakeWindow {
  override readonly webContents = Object.assign(new FakeWebContents(), {
    send: (channel: string, payload: unknown) => void this.sent.push([channel, payload]),
    isDestroyed: () => this.destroyed,
  });
  constructor(options: WindowOptions) {
    super(options);
    report({ kind: 'window-created', options });
    app.emit('web-contents-created', this.webContents);
  }
  override loadFile(filePath: string) {
    report({ kind: 'window-loaded', file: filePath });
    return super.loadFile(filePath);
  }
}

const trays: StandInTray[] = [];
class StandInTray extends FakeTray {
  constructor(image: FakeImage) {
    super();
    trays.push(this);
    report({ kind: 'tray-created', image: image.path });
  }
  override setImage(value: unknown) {
    super.setImage(value);
    report({ kind: 'tray-image', image: (value as FakeImage).path });
  }
  override setToolTip(value: string) {
    super.setToolTip(value);
    report({ kind: 'tray-tooltip', tooltip: value });
  }
  override setContextMenu(value: unknown) {
    super.setContextMenu(value);
    report({ kind: 'tray-menu', labels: this.menu?.items.map((item) => item.label) ?? [] });
  }
}

const { Notification: FakeNotification } = fakeNotificationClass();
class StandInNotification extends FakeNotification {
  override show() {
    super.show();
    report({ kind: 'notification', title: this.options.title, body: this.options.body });
  }
}

const electron = {
  app,
  BrowserWindow: StandInWindow,
  ipcMain,
  Menu: fakeMenu,
  nativeImage: fakeNativeImage,
  nativeTheme: { shouldUseDarkColors: false },
  Notification: StandInNotification,
  safeStorage: fakeSafeStorage(),
  screen: fakeScreen().screen,
  Tray: StandInTray,
};

type Load = (request: string, parent: unknown, isMain: boolean) => unknown;
const loader = Module as unknown as { _load: Load };
const load = loader._load;
loader._load = function loadWithElectron(this: unknown, request, parent, isMain) {
  return request === 'electron' ? electron : load.call(this, request, parent, isMain);
};

function popoverWindow(): StandInWindow {
  const window = FakeWindow.created.at(-1);
  if (!(window instanceof StandInWindow)) throw new Error('The app has made no popover window.');
  return window;
}

/** A call as the popover's own page makes it: from the window's main frame, at the page it loaded. */
async function callFromThePopover(method: MethodName, request: unknown): Promise<unknown> {
  const loaded = popoverWindow().loadedFile;
  if (loaded === undefined) throw new Error('The popover window has loaded no page.');
  const frame = { url: pathToFileURL(loaded).href, parent: null };
  const event: InvokeEvent = { senderFrame: frame, sender: { mainFrame: frame } };
  return ipcMain.invoke(methodChannel(method), event, request);
}

process.on('message', (command: StandInCommand) => {
  if (command.kind === 'call') {
    callFromThePopover(command.method, command.request).then(
      (value) => report({ kind: 'answer', id: command.id, ok: true, value }),
      (error: unknown) =>
        report({ kind: 'answer', id: command.id, ok: false, message: (error as Error).message ?? String(error) }),
    );
  } else if (command.kind === 'click-menu-item') {
    const tray = trays.at(-1);
    if (!tray) throw new Error('The app has made no tray.');
    tray.item(command.label).click?.();
  } else {
    const contents = popoverWindow().webContents;
    report({
      kind: 'navigation-refused',
      refused: command.urls.map((url) => contents.prevented('will-navigate', url)),
    });
  }
});
