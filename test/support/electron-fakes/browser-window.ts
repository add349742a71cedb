import type { PopoverBrowserWindow, popoverWindowOptions } from '../../../electron/shell/popover-window';
import type { Rectangle } from '../../../electron/shell/popover-position';

type Listener = (...args: never[]) => void;
/** Electron's BrowserWindowConstructorOptions, named without importing 'electron'. */
export type WindowOptions = ReturnType<typeof popoverWindowOptions>;

/** Remembers what the popover asked of its window; `emit` plays what the system would do. */
export class FakeWindow implements PopoverBrowserWindow {
  static created: FakeWindow[] = [];
  readonly listeners = new Map<string, Listener[]>();
  readonly sent: [string, unknown][] = [];
  readonly webContents = {
    send: (channel: string, payload: unknown) => void this.sent.push([channel, payload]),
    isDestroyed: () => this.destroyed,
  };
  loadedFile?: string;
  loadedUrl?: string;
  bounds?: Partial<Rectangle>;
  visible = false;
  focused = false;
  destroyed = false;
  allWorkspaces?: [boolean, unknown];

  constructor(readonly options: WindowOptions) {
    FakeWindow.created.push(this);
  }
  loadFile(filePath: string) {
    this.loadedFile = filePath;
    return Promise.resolve();
  }
  loadURL(url: string) {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  setBounds(bounds: Partial<Rectangle>) {
    this.bounds = bounds;
  }
  show() {
    this.visible = true;
  }
  focus() {
    this.focused = true;
  }
  hide() {
    this.visible = false;
    this.focused = false;
  }
  isVisible() {
    return this.visible;
  }
  isDestroyed() {
    return this.destroyed;
  }
  destroy() {
    this.destroyed = true;
  }
  setVisibleOnAllWorkspaces(visible: boolean, options?: unknown) {
    this.allWorkspaces = [visible, options];
  }
  on(event: string, listener: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  emit(event: string, ...args: unknown[]) {
    for (const listener of this.listeners.get(event) ?? []) (listener as (...a: unknown[]) => void)(...args);
  }
  /** A close as Alt+F4 would ask for it: true when the popover let it happen. */
  askToClose(): boolean {
    let prevented = false;
    this.emit('close', { preventDefault: () => (prevented = true) });
    if (!prevented) this.destroyed = true;
    return !prevented;
  }
}
