/**
 * The popover: one frameless window beside the tray icon, created once at start and then only shown and hidden, so
 * the renderer keeps its state and its event subscription and is current the moment it opens. Behaviour after
 * max-mapper/menubar: opens beside the tray, hides when it loses focus, toggles on a tray click.
 *
 * Written against the few BrowserWindow and screen members it uses, injected, so it is tested with fakes in plain
 * Node where 'electron' cannot be loaded.
 */
import type { BrowserWindowConstructorOptions, VisibleOnAllWorkspacesOptions } from 'electron';
import { anchorPoint, popoverPosition, type Point, type Rectangle, type Size } from './popover-position';

/** The BrowserWindow members the popover uses. */
export interface PopoverBrowserWindow {
  readonly webContents: PopoverWebContents;
  loadFile(filePath: string): Promise<void>;
  loadURL(url: string): Promise<void>;
  setBounds(bounds: Partial<Rectangle>): void;
  show(): void;
  focus(): void;
  hide(): void;
  isVisible(): boolean;
  isDestroyed(): boolean;
  destroy(): void;
  setVisibleOnAllWorkspaces(visible: boolean, options?: VisibleOnAllWorkspacesOptions): void;
  on(event: 'blur' | 'session-end', listener: () => void): unknown;
  on(event: 'close', listener: (event: { preventDefault(): void }) => void): unknown;
}

/** The webContents members the popover uses: sending the contract's events. */
export interface PopoverWebContents {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

/** The `screen` members the popover uses. */
export interface PopoverScreen {
  getCursorScreenPoint(): Point;
  getDisplayNearestPoint(point: Point): { workArea: Rectangle };
}

/** The `app` member the popover uses: quitting is the one time its window may really close. */
export interface PopoverApp {
  on(event: 'before-quit', listener: () => void): unknown;
}

/** The renderer build from disk (production) or a dev server's URL. */
export type RendererSource = { rendererFile: string } | { rendererUrl: string };

export type PopoverWindowOptions<W extends PopoverBrowserWindow> = RendererSource & {
  BrowserWindow: new (options: BrowserWindowConstructorOptions) => W;
  screen: PopoverScreen;
  /** Lets the window close when the app quits; without it, only `destroy()` does (call it before quitting). */
  app?: PopoverApp;
  preloadPath: string;
  platform: NodeJS.Platform;
  size?: Size;
  /** popoverBackground(nativeTheme.shouldUseDarkColors): no white flash before a dark page paints. */
  backgroundColor?: string;
  /** Milliseconds, for telling a tray click from a click elsewhere (see `toggle`). */
  now?: () => number;
};

export interface PopoverWindow<WebContents extends PopoverWebContents = PopoverWebContents> {
  /** Opens beside these tray bounds, else the last ones known, else at the cursor. */
  show(trayBounds?: Rectangle): void;
  hide(): void;
  /** What a tray click does. */
  toggle(trayBounds?: Rectangle): void;
  isVisible(): boolean;
  /** Pinned, it stays open when it loses focus: for reading it beside another window. */
  setPinned(pinned: boolean): void;
  isPinned(): boolean;
  /** For the IPC transport: the same one for the whole run, as the window is never replaced. */
  readonly webContents: WebContents;
  /** Sends an event to the page, hidden or not; nothing once the window is destroyed (while quitting). */
  send(channel: string, payload: unknown): void;
  /** Settles when the renderer has loaded; rejects when it could not be. */
  readonly loaded: Promise<void>;
  destroy(): void;
}

export const defaultPopoverSize: Size = { width: 360, height: 520 };

/** The page background of renderer/src/styles.css (--bg), light and dark. */
export function popoverBackground(dark: boolean): string {
  return dark ? '#16191d' : '#ffffff';
}

/**
 * A tray click takes the focus from the open popover before the click itself arrives: the blur hides it, then the
 * click would open it again. A toggle this soon after a blur-hide is that same click, meant to close.
 */
const sameClickMs = 300;

export function createPopoverWindow<W extends PopoverBrowserWindow>(
  options: PopoverWindowOptions<W>,
): PopoverWindow<W['webContents']> {
  const size = options.size ?? defaultPopoverSize;
  const now = options.now ?? Date.now;
  const window = new options.BrowserWindow(popoverWindowOptions(options.preloadPath, size, options.backgroundColor));
  let pinned = false;
  let quitting = false;
  let lastTrayBounds: Rectangle | undefined;
  let hiddenOnBlurAt = Number.NEGATIVE_INFINITY;

  // Over full-screen apps and on every Space, like a menu: otherwise it opens on a Space the user is not looking at.
  if (options.platform === 'darwin') window.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true });

  window.on('blur', () => {
    if (pinned || !window.isVisible()) return;
    hiddenOnBlurAt = now();
    window.hide();
  });

  // Alt+F4 or Cmd+W would destroy the one window the IPC transport is tied to: closing hides it, until the app quits
  // (or `destroy()` is called).
  window.on('close', (event) => {
    if (quitting) return;
    event.preventDefault();
    window.hide();
  });
  options.app?.on('before-quit', () => {
    quitting = true;
  });
  // Windows ends a session (log off, shut down) without 'before-quit'; a refused close would hold the log-off up.
  window.on('session-end', () => {
    quitting = true;
  });

  const loaded =
    'rendererFile' in options ? window.loadFile(options.rendererFile) : window.loadURL(options.rendererUrl);
  // A failed load is for whoever awaits `loaded` to report; unawaited, it must not end the app as an unhandled rejection.
  loaded.catch(() => undefined);

  function show(trayBounds?: Rectangle): void {
    if (window.isDestroyed()) return;
    if (trayBounds) lastTrayBounds = trayBounds;
    window.setBounds({ ...placeBesideTray(lastTrayBounds), ...size });
    window.show();
    // Windows may show a window of a background app without focus; with no focus, no blur, and it would stay open.
    window.focus();
  }

  function placeBesideTray(trayBounds: Rectangle | undefined): Point {
    const cursor = options.screen.getCursorScreenPoint();
    const { workArea } = options.screen.getDisplayNearestPoint(anchorPoint(trayBounds, cursor));
    return popoverPosition({ windowSize: size, trayBounds, cursor, workArea, platform: options.platform });
  }

  function hide(): void {
    if (!window.isDestroyed()) window.hide();
  }

  function isVisible(): boolean {
    return !window.isDestroyed() && window.isVisible();
  }

  function toggle(trayBounds?: Rectangle): void {
    if (isVisible()) hide();
    else if (now() - hiddenOnBlurAt >= sameClickMs) show(trayBounds);
  }

  function send(channel: string, payload: unknown): void {
    if (window.isDestroyed() || window.webContents.isDestroyed()) return;
    window.webContents.send(channel, payload);
  }

  return {
    show,
    hide,
    send,
    toggle,
    isVisible,
    setPinned: (value) => {
      pinned = value;
    },
    isPinned: () => pinned,
    webContents: window.webContents,
    loaded,
    destroy: () => {
      quitting = true;
      if (!window.isDestroyed()) window.destroy();
    },
  };
}

/**
 * Frameless and fixed like a menu, out of the taskbar, and locked down: the renderer reaches the main process only
 * through the preload's contract. Never throttled while hidden, so it is current the moment it is shown.
 */
export function popoverWindowOptions(
  preloadPath: string,
  size: Size = defaultPopoverSize,
  backgroundColor = popoverBackground(false),
): BrowserWindowConstructorOptions {
  return {
    width: size.width,
    height: size.height,
    show: false,
    frame: false,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    backgroundColor,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      backgroundThrottling: false,
      spellcheck: false,
    },
  };
}
