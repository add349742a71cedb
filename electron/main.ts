/**
 * The tray app's entry: composition only. The service is the one the headless host runs, with Electron's stores
 * behind its interfaces; the shell modules each enable one concern (electron/shell/). Nothing here decides.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  safeStorage,
  screen,
  nativeTheme,
  Tray,
} from 'electron';
import { systemClock } from './core/clock';
import type { Notice } from './core/notify/notice';
import { startDesktopService } from './service/desktop-service';
import { FileHistoryStore } from './service/history-file-store';
import { LOG_FILE_NAME, LogFile } from './service/log-file';
import {
  claimSingleInstance,
  liveInTheTray,
  openAtLogin,
  setOpenAtLogin,
  stopBeforeQuitting,
} from './shell/app-lifecycle';
import { electronSettingsStore } from './shell/electron-settings-store';
import { forwardEvents, registerContract, trustedRendererFrame } from './shell/ipc';
import { startNotifier } from './shell/notifier';
import { createPopoverWindow, popoverBackground } from './shell/popover-window';
import { SafeStorageSecretStore } from './shell/safe-storage-secret-store';
import { applySecurityRules, rendererUrlAllowed } from './shell/security';
import { TrayController, type MenuItemSpec } from './shell/tray';
import { exposeTestHooks } from './shell/test-hooks';

/** The app's files: dist/electron/main.cjs beside dist/renderer, inside the asar when packaged. */
const distDirectory = join(__dirname, '..');
const rendererFile = join(distDirectory, 'renderer', 'index.html');
const rendererUrl = pathToFileURL(rendererFile).href;
const iconDirectory = app.isPackaged ? join(process.resourcesPath, 'tray') : join(distDirectory, '..', 'build', 'tray');
const say = (line: string) => console.log(`Headroom: ${line}`);
/** The log file in the data folder, from the moment its folder is known. */
let logFile: LogFile | undefined;
const log = (line: string) => {
  say(line);
  logFile?.write(line);
};

async function startTrayApp(): Promise<void> {
  // A folder of its own for a test run, so it neither reads nor changes the user's settings and secret.
  const userDataOverride = process.env['HEADROOM_USER_DATA'];
  if (userDataOverride) app.setPath('userData', userDataOverride);
  const popoverReady: { show?: () => void } = {};
  if (!claimSingleInstance(app, () => popoverReady.show?.())) {
    app.quit();
    return;
  }
  liveInTheTray(app);
  applySecurityRules(app, { allowedUrl: rendererUrlAllowed(rendererUrl) });
  await app.whenReady();

  const userData = app.getPath('userData');
  // Opened first, so what the secret store finds on loading is logged; it masks the secret from then on.
  const kept: { secretStore?: SafeStorageSecretStore } = {};
  const events = new LogFile({
    file: join(userData, LOG_FILE_NAME),
    clock: systemClock,
    secrets: () => [kept.secretStore?.get()],
  });
  logFile = events;
  events.write(`Headroom ${app.getVersion()} tray app starting (${process.platform})`);
  const secretStore = new SafeStorageSecretStore({ safeStorage, file: join(userData, 'secret.bin'), onProblem: log });
  kept.secretStore = secretStore;
  const settingsStore = electronSettingsStore(userData);
  const desktop = await startDesktopService({
    settingsStore,
    secretStore,
    historyStore: new FileHistoryStore(join(userData, 'history.json')),
    clock: systemClock,
    // The service writes its problems to the log itself.
    onProblem: say,
    log: (event) => events.write(event),
  });
  const { service } = desktop;

  const popover = createPopoverWindow({
    BrowserWindow,
    screen,
    app,
    preloadPath: join(__dirname, 'preload.cjs'),
    rendererFile,
    platform: process.platform,
    backgroundColor: popoverBackground(nativeTheme.shouldUseDarkColors),
  });
  popover.loaded.catch((error: unknown) => log(`the popover could not load: ${String(error)}`));
  const unregister = registerContract({
    ipcMain,
    handlers: service,
    isTrustedSender: trustedRendererFrame(rendererUrl),
    onHandlerError: (method, error) =>
      log(`${method} failed: ${error instanceof Error ? error.message : String(error)}`),
  });
  const stopForwarding = forwardEvents({ events: service, send: (channel, payload) => popover.send(channel, payload) });

  let menuShown: MenuItemSpec[] = [];
  const tray = new TrayController({
    tray: new Tray(nativeImage.createEmpty()),
    images: (file) => nativeImage.createFromPath(join(iconDirectory, file)),
    buildMenu: (template) => {
      menuShown = template;
      return Menu.buildFromTemplate(template);
    },
    platform: process.platform,
    actions: {
      open: () => popover.toggle(tray.bounds()),
      wakeUp: () => void service.wakeUp(),
      pauseNotifications: (minutes) => void service.updateNotifications({ pauseForMinutes: minutes }),
      resumeNotifications: () => void service.updateNotifications({ resume: true }),
      setOpenAtLogin: (open) => setOpenAtLogin(app, open),
      quit: () => app.quit(),
    },
  });
  const showTray = async () =>
    tray.update(await service.snapshot(), await service.getNotifications(), openAtLogin(app));
  const stopTray = service.on('snapshotChanged', () => void showTray());
  await showTray();
  popoverReady.show = () => popover.show(tray.bounds());

  const notifier = startNotifier({ events: service, Notification, onClick: () => popover.show(tray.bounds()) });
  if (process.env['HEADROOM_E2E'] === '1') {
    const noticesShown: Notice[] = [];
    service.on('notice', (notice) => noticesShown.push(notice));
    exposeTestHooks({ trayMenuItems: () => menuShown, notificationsShown: () => [...noticesShown] });
    popover.show(tray.bounds());
  }

  stopBeforeQuitting(
    app,
    async () => {
      notifier.stop();
      stopTray();
      stopForwarding();
      unregister();
      tray.destroy();
      await desktop.stop();
      popover.destroy();
      events.write('tray app stopped');
    },
    log,
  );
}

startTrayApp().catch((error: unknown) => {
  const why = error instanceof Error ? error.message : String(error);
  console.error('Headroom could not start:', why);
  logFile?.write(`could not start: ${why}`);
  app.exit(1);
});
