/**
 * What the stand-in Electron and the test that runs the built app say to each other over the child process's IPC
 * channel. The app's own output (stdout, stderr) stays apart, so the test can read it for problems.
 */
import type { MethodName } from '../../../electron/contract';
import type { WindowOptions } from '../../support/electron-fakes/browser-window';

/** How the stand-in is set up: passed in the HEADROOM_STAND_IN environment variable, as JSON. */
export interface StandInConfig {
  /** What app.getPath('userData') answers. */
  userData: string;
  /** app.isPackaged; process.resourcesPath is set only then, as Electron does. */
  packaged: { resourcesPath: string } | false;
  /** app.getVersion(): the app's package.json version. */
  version: string;
}

/** What the app did with Electron, as it happened. */
export type StandInReport =
  | { kind: 'tray-created'; image: string }
  | { kind: 'tray-image'; image: string }
  | { kind: 'tray-tooltip'; tooltip: string }
  | { kind: 'tray-menu'; labels: (string | undefined)[] }
  | { kind: 'window-created'; options: WindowOptions }
  | { kind: 'window-loaded'; file: string }
  /** Whether the security rules refused a navigation from the window to each URL, in the order asked. */
  | { kind: 'navigation-refused'; refused: boolean[] }
  | { kind: 'notification'; title: string; body: string }
  | { kind: 'answer'; id: number; ok: true; value: unknown }
  | { kind: 'answer'; id: number; ok: false; message: string };

/** What the test asks the stand-in to do, as a user or the popover's page would. */
export type StandInCommand =
  /** A call from the popover's page to a contract method, as window.headroom makes it. */
  | { kind: 'call'; id: number; method: MethodName; request: unknown }
  /** A click on a top-level item of the tray's context menu. */
  | { kind: 'click-menu-item'; label: string }
  /** The window's page asks to navigate to each URL (a link, a script): the security rules decide. */
  | { kind: 'navigate'; urls: string[] };
