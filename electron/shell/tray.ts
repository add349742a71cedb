/**
 * The tray icon, its tooltip and its context menu, kept in step with the snapshots. Written against the few
 * members of Electron's Tray, Menu and nativeImage it uses, passed in by main.ts, so it is tested in plain Node with
 * fakes; this file only imports Electron's types, to check that the real ones fit.
 *
 * Quiet by design: a snapshot arrives every few seconds, but the image is set only when the icon (state, level)
 * changes, the tooltip only when its text does, and the menu is rebuilt only when its items do.
 */
import { join } from 'node:path';
import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';
import type { NotificationPreferences, Snapshot } from '../contract';
import { minutesUntilTomorrowMorning } from '../../renderer/src/view/pause';
import { iconFileName, trayLook, type TrayIcon } from './tray-look';

/** An image as the `images` function makes it (a NativeImage); the controller only hands it to the tray. */
export type ImageLike = unknown;
/** A menu as `buildMenu` makes it (a Menu); the controller only hands it to the tray. */
export type MenuLike = unknown;

export interface TrayBounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The members of Electron's Tray the controller uses. */
export interface TrayLike {
  setImage(image: ImageLike): void;
  setToolTip(toolTip: string): void;
  setContextMenu(menu: MenuLike): void;
  on(event: 'click', listener: () => void): unknown;
  /** Where the icon is, for the popover; Linux trays answer a zero rectangle. */
  getBounds(): TrayBounds;
  destroy(): void;
}

/** A menu item as Menu.buildFromTemplate takes it, reduced to what the tray menu needs. */
export interface MenuItemSpec {
  type?: 'normal' | 'separator' | 'submenu' | 'checkbox';
  label?: string;
  enabled?: boolean;
  checked?: boolean;
  click?: () => void;
  submenu?: MenuItemSpec[];
}

export interface TrayActions {
  /** Show the popover (or hide it, when the icon is clicked while it is open). */
  open(): void;
  wakeUp(): void;
  pauseNotifications(minutes: number): void;
  resumeNotifications(): void;
  /** With it, the menu has an "Open at login" checkbox (not on Linux, where Electron cannot set it). */
  setOpenAtLogin?(open: boolean): void;
  quit(): void;
}

export interface TrayControllerOptions {
  tray: TrayLike;
  /**
   * An image from the 1x file (nativeImage.createFromPath): the absolute path when `iconDirectory` is given, else
   * the file name ('slowed-75.png', 'slowed-75Template.png' on macOS). Electron picks up the @2x file beside it.
   */
  images: (file: string) => ImageLike;
  /** Menu.buildFromTemplate. */
  buildMenu: (template: MenuItemSpec[]) => MenuLike;
  platform: NodeJS.Platform;
  /** The folder of the tray PNGs: build/tray in development, resources/tray when packaged. */
  iconDirectory?: string;
  actions: TrayActions;
  /** The clock, for "Until tomorrow" and for whether a notification pause is still running. */
  now?: () => number;
}

export const PAUSE_FOR_AN_HOUR_MINUTES = 60;

export class TrayController {
  private readonly tray: TrayLike;
  private readonly options: TrayControllerOptions;
  private readonly now: () => number;
  private readonly template: boolean;
  private readonly images = new Map<string, ImageLike>();
  private snapshot: Snapshot | undefined;
  private notifications: NotificationPreferences = { enabled: true };
  private openAtLogin = false;
  private shownIcon: string | undefined;
  private shownTooltip: string | undefined;
  private shownMenu: string | undefined;

  constructor(options: TrayControllerOptions) {
    this.options = options;
    this.tray = options.tray;
    this.now = options.now ?? Date.now;
    // macOS tints template images for the menu bar (light, dark, highlighted); the shape carries the state.
    this.template = options.platform === 'darwin';
    // Linux trays may never emit click: the menu's "Open Headroom" covers it.
    this.tray.on('click', () => options.actions.open());
    this.render();
  }

  /** A new snapshot (and, when given, the notification preferences and the login item): sets what changed. */
  update(snapshot: Snapshot, notifications?: NotificationPreferences, openAtLogin?: boolean): void {
    this.snapshot = snapshot;
    if (notifications !== undefined) this.notifications = notifications;
    if (openAtLogin !== undefined) this.openAtLogin = openAtLogin;
    this.render();
  }

  /** New notification preferences: the menu offers Resume while a pause runs. */
  updateNotifications(preferences: NotificationPreferences): void {
    this.notifications = preferences;
    this.render();
  }

  /** Where the icon is, for placing the popover beside it. */
  bounds(): TrayBounds {
    return this.tray.getBounds();
  }

  destroy(): void {
    this.tray.destroy();
  }

  private render(): void {
    const look = trayLook(this.snapshot);
    this.showIcon(look.icon);
    if (look.tooltip !== this.shownTooltip) {
      this.shownTooltip = look.tooltip;
      this.tray.setToolTip(look.tooltip);
    }
    const menu = this.menu();
    const key = JSON.stringify(menu);
    if (key !== this.shownMenu) {
      this.shownMenu = key;
      this.tray.setContextMenu(this.options.buildMenu(menu));
    }
  }

  private showIcon(icon: TrayIcon): void {
    const fileName = iconFileName(icon, { template: this.template });
    if (fileName === this.shownIcon) return;
    this.shownIcon = fileName;
    let image = this.images.get(fileName);
    if (image === undefined) {
      const { iconDirectory } = this.options;
      image = this.options.images(iconDirectory === undefined ? fileName : join(iconDirectory, fileName));
      this.images.set(fileName, image);
    }
    this.tray.setImage(image);
  }

  private menu(): MenuItemSpec[] {
    const { actions, platform } = this.options;
    const { enabled, pausedUntil } = this.notifications;
    const paused = pausedUntil !== undefined && pausedUntil > this.now();
    const pauseItems: MenuItemSpec[] = [
      { label: 'For 1 hour', click: () => actions.pauseNotifications(PAUSE_FOR_AN_HOUR_MINUTES) },
      // Worked out when clicked, not when the menu was built: the menu may have been open since last night.
      {
        label: 'Until tomorrow',
        click: () => actions.pauseNotifications(minutesUntilTomorrowMorning(new Date(this.now()))),
      },
    ];
    if (paused) {
      pauseItems.push(
        { type: 'separator' },
        { label: 'Resume notifications', click: () => actions.resumeNotifications() },
      );
    }
    const items: MenuItemSpec[] = [
      { label: 'Open Headroom', click: () => actions.open() },
      { label: 'Wake Up', enabled: this.snapshot?.wake.available ?? false, click: () => actions.wakeUp() },
      // Switched off altogether in the popover: there is nothing to pause.
      { label: 'Pause notifications', type: 'submenu', enabled, submenu: pauseItems },
    ];
    const { setOpenAtLogin } = actions;
    if (setOpenAtLogin && platform !== 'linux') {
      const toggle = () => {
        this.openAtLogin = !this.openAtLogin;
        setOpenAtLogin(this.openAtLogin);
        this.render();
      };
      items.push({ label: 'Open at login', type: 'checkbox', checked: this.openAtLogin, click: toggle });
    }
    items.push({ type: 'separator' }, { label: 'Quit Headroom', click: () => actions.quit() });
    return items;
  }
}

/** main.ts passes Electron's own Tray and Menu.buildFromTemplate: checked here, at compile time, that they fit. */
type Fits<Actual extends Wanted, Wanted> = [Actual, Wanted];
export type ElectronTypesFit = [
  Fits<Tray, TrayLike>,
  Fits<MenuItemSpec, MenuItemConstructorOptions>,
  Fits<(path: string) => NativeImage, TrayControllerOptions['images']>,
  Fits<(template: MenuItemConstructorOptions[]) => Menu, TrayControllerOptions['buildMenu']>,
];
