import { describe, expect, it } from 'vitest';
import {
  applySecurityRules,
  rendererUrlAllowed,
  type GuardedApp,
  type GuardedWebContents,
  type NavigationEvent,
} from '../../electron/shell/security';
import { FakeSession, FakeWebContents } from '../support/electron-fakes/web-contents';

const rendererFileUrl = 'file:///Applications/Headroom.app/Contents/Resources/app.asar/dist/renderer/index.html';

function guardedApp() {
  let created: ((event: unknown, contents: GuardedWebContents) => void) | undefined;
  const app: GuardedApp = {
    on: (_event, listener) => (created = listener),
  };
  applySecurityRules(app, { allowedUrl: rendererUrlAllowed(rendererFileUrl) });
  return {
    open(contents = new FakeWebContents()) {
      created?.({}, contents);
      return contents;
    },
  };
}

describe('the security rules on every webContents', () => {
  it('prevents navigation to another page, whatever the scheme', () => {
    const contents = guardedApp().open();
    for (const url of [
      'https://evil.example/',
      'file:///etc/passwd',
      'file:///Applications/Headroom.app/Contents/Resources/app.asar/dist/renderer/other.html',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(contents.prevented('will-navigate', url), url).toBe(true);
    }
  });

  it('allows the renderer page itself, with or without a hash', () => {
    const contents = guardedApp().open();
    expect(contents.prevented('will-navigate', rendererFileUrl)).toBe(false);
    expect(contents.prevented('will-navigate', `${rendererFileUrl}#settings`)).toBe(false);
  });

  it('reads the URL from the event when Electron passes only the event', () => {
    const contents = guardedApp().open();
    let prevented = false;
    const [listener] = contents.listeners.get('will-navigate') ?? [];
    (listener as (event: NavigationEvent) => void)({
      preventDefault: () => (prevented = true),
      url: 'https://x.test/',
    });
    expect(prevented).toBe(true);
  });

  it('prevents redirects and frame navigations away from the renderer', () => {
    const contents = guardedApp().open();
    expect(contents.prevented('will-redirect', 'https://evil.example/')).toBe(true);
    expect(contents.prevented('will-frame-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.prevented('will-redirect', rendererFileUrl)).toBe(false);
  });

  it('denies window.open and target="_blank"', () => {
    const contents = guardedApp().open();
    expect(contents.windowOpenHandler?.()).toEqual({ action: 'deny' });
  });

  it('prevents attaching a <webview>', () => {
    const contents = guardedApp().open();
    expect(contents.prevented('will-attach-webview')).toBe(true);
  });

  it('denies every permission request and check, notifications included', () => {
    const contents = guardedApp().open();
    for (const permission of ['notifications', 'media', 'geolocation', 'clipboard-read', 'openExternal', 'unknown']) {
      expect(contents.session.ask(permission), permission).toBe(false);
    }
    expect(contents.session.checkHandler?.()).toBe(false);
  });

  it('sets the permission handlers once per session, however many pages share it', () => {
    const app = guardedApp();
    const session = new FakeSession();
    app.open(new FakeWebContents(session));
    app.open(new FakeWebContents(session));
    expect(session.handlersSet).toBe(1);
  });
});

describe('rendererUrlAllowed', () => {
  const allowed = rendererUrlAllowed(rendererFileUrl);

  it('allows only the exact renderer file URL, ignoring the hash', () => {
    expect(allowed(rendererFileUrl)).toBe(true);
    expect(allowed(`${rendererFileUrl}#/history`)).toBe(true);
    expect(allowed(`${rendererFileUrl}?x=1`)).toBe(false);
    expect(allowed(rendererFileUrl.replace('index.html', 'index.htm'))).toBe(false);
    expect(allowed('file:///index.html')).toBe(false);
    expect(allowed('')).toBe(false);
  });

  it('compares URLs, not spellings: a percent-encoded path is the same page', () => {
    const withSpace = rendererUrlAllowed('file:///C:/Program%20Files/Headroom/dist/renderer/index.html');
    expect(withSpace('file:///C:/Program Files/Headroom/dist/renderer/index.html')).toBe(true);
  });

  it('refuses to start from something that is not a URL', () => {
    expect(() => rendererUrlAllowed('dist/renderer/index.html')).toThrow(/not a URL/);
  });
});
