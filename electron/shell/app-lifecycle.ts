/**
 * How a tray app lives: one instance (a second launch opens the popover of the first), no Dock icon on macOS,
 * running with no window open, and quitting only from its menu, after the gateway has answered every held call
 * and the poller has stopped. Written against the members of Electron's `app` it uses, so it is tested with a fake.
 */
export interface LifecycleApp {
  requestSingleInstanceLock(): boolean;
  on(event: 'second-instance' | 'window-all-closed', listener: () => void): unknown;
  on(event: 'before-quit', listener: (event: { preventDefault(): void }) => void): unknown;
  quit(): void;
  exit(code?: number): void;
  dock?: { hide(): void } | undefined;
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
  getLoginItemSettings(): { openAtLogin: boolean };
}

/** False when another instance runs: it has been asked to open its popover, and this one should quit. */
export function claimSingleInstance(app: LifecycleApp, onSecondLaunch: () => void): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', onSecondLaunch);
  return true;
}

/** A tray app has no window most of the time: closing the popover must not end it, and it keeps out of the Dock. */
export function liveInTheTray(app: LifecycleApp): void {
  app.dock?.hide();
  // Listening is what keeps Electron from quitting when the last window closes.
  app.on('window-all-closed', () => undefined);
}

/**
 * Quit waits for `stop` (held calls answered, the history written) once, whatever asks for it; a stop that fails
 * or hangs past `timeoutMs` still lets the app go, so Quit always quits.
 */
export function stopBeforeQuitting(
  app: LifecycleApp,
  stop: () => Promise<void>,
  onProblem: (message: string) => void,
  timeoutMs = 10_000,
): void {
  let stopping: Promise<void> | undefined;
  app.on('before-quit', (event) => {
    if (stopping) return;
    event.preventDefault();
    stopping = Promise.race([
      stop().catch((error: unknown) => {
        onProblem(`Headroom did not stop cleanly: ${error instanceof Error ? error.message : String(error)}`);
      }),
      new Promise<void>((resolve) => setTimeout(resolve, timeoutMs).unref?.()),
    ]).then(() => app.exit(0));
  });
}

export function openAtLogin(app: LifecycleApp): boolean {
  return app.getLoginItemSettings().openAtLogin;
}

export function setOpenAtLogin(app: LifecycleApp, open: boolean): void {
  app.setLoginItemSettings({ openAtLogin: open });
}
