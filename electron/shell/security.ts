/**
 * What every web page in the app may not do, applied to each webContents as it is created, so no window can be
 * opened without the rules (after cawa-93/vite-electron-builder's security-restrictions and Electron's security
 * checklist). The popover shows one page of its own: it never navigates, opens windows, embeds webviews or asks for
 * a permission, so anything of the kind is a page that was tricked, and is refused.
 *
 * Written against the few app and webContents members it uses, injected, so it is tested in plain Node.
 */

/** What Electron hands a navigation listener: the event (which carries the URL since Electron 25), then the URL. */
export interface NavigationEvent {
  preventDefault(): void;
  url?: string;
}

/** The webContents members the rules use. */
export interface GuardedWebContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: NavigationEvent, url?: string) => void): unknown;
  on(event: 'will-frame-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: () => { action: 'deny' }): void;
  readonly session: GuardedSession;
}

/** The session members the rules use. */
export interface GuardedSession {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void) => void,
  ): void;
  setPermissionCheckHandler(handler: () => boolean): void;
}

/** The app member the rules use. */
export interface GuardedApp {
  on(event: 'web-contents-created', listener: (event: unknown, contents: GuardedWebContents) => void): unknown;
}

export interface SecurityRules {
  /** Where a page may navigate: only the renderer itself (see `rendererUrlAllowed`). */
  allowedUrl(url: string): boolean;
}

export function applySecurityRules(app: GuardedApp, rules: SecurityRules): void {
  const guardedSessions = new WeakSet<GuardedSession>();
  app.on('web-contents-created', (_event, contents) => {
    refuseNavigationAway(contents, rules);
    refuseNewWindows(contents);
    refuseWebviews(contents);
    // Windows share a session; one set of handlers per session is enough.
    if (!guardedSessions.has(contents.session)) {
      refusePermissions(contents.session);
      guardedSessions.add(contents.session);
    }
  });
}

/** A link, a form, a script or a server redirect could take the window, and the preload's API, to another page. */
function refuseNavigationAway(contents: GuardedWebContents, rules: SecurityRules): void {
  const refuseUnlessAllowed = (event: NavigationEvent, url?: string): void => {
    const target = event.url ?? url;
    if (target === undefined || !rules.allowedUrl(target)) event.preventDefault();
  };
  contents.on('will-navigate', refuseUnlessAllowed);
  contents.on('will-redirect', refuseUnlessAllowed);
  // A frame inside the page too: the page has none of its own, so one navigating is not ours.
  contents.on('will-frame-navigate', refuseUnlessAllowed);
}

/** window.open and target="_blank" would open a window outside the popover's rules. */
function refuseNewWindows(contents: GuardedWebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** A <webview> is a page with its own preferences: not one the app ever uses. */
function refuseWebviews(contents: GuardedWebContents): void {
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/**
 * The page needs no camera, location, clipboard or notification permission: native notifications are shown by the
 * main process. Checks are refused too, so the page is not even told a permission could be had.
 */
function refusePermissions(session: GuardedSession): void {
  session.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/**
 * Only the renderer's own page, `pathToFileURL(dist/renderer/index.html).href` (or the dev server's page): the same
 * URL but for its hash, which the page may use for its own views. Anything that is not a URL is refused.
 */
export function rendererUrlAllowed(rendererFileUrl: string): (url: string) => boolean {
  const renderer = withoutHash(rendererFileUrl);
  if (renderer === undefined) throw new Error(`The renderer URL is not a URL: ${rendererFileUrl}`);
  return (url) => withoutHash(url) === renderer;
}

function withoutHash(url: string): string | undefined {
  if (!URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.href;
}
