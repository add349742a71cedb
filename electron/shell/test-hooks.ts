import type { Notice } from '../core/notify/notice';
import type { MenuItemSpec } from './tray';

/**
 * What the Electron end-to-end suite (test/electron/) reads through `electronApp.evaluate`: a tray has no DOM to
 * click, and a native notification no window. Exposed only when HEADROOM_E2E=1; a shipped app never sets it.
 */
export interface TestHooks {
  /** The tray's context menu as last built, with its click handlers. */
  trayMenuItems(): MenuItemSpec[];
  /** Every notice shown as a native notification, oldest first. */
  notificationsShown(): Notice[];
}

declare global {
  var headroomTestHooks: TestHooks | undefined;
}

export function exposeTestHooks(hooks: TestHooks): void {
  globalThis.headroomTestHooks = hooks;
}
