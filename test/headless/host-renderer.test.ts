import { afterEach, describe, expect, it } from 'vitest';
import { NOT_BUILT, withToken } from '../../electron/headless/static-files';
import { startFixture, testToken, type HostFixture } from './host-fixture';
import { send } from './http-client';

let fixture: HostFixture | undefined;
afterEach(async () => {
  await fixture?.close();
  fixture = undefined;
});

describe('the renderer build, served', () => {
  it('serves the page with this launch’s token in a meta tag, and keeps it out of frames', async () => {
    fixture = await startFixture();
    for (const path of ['/', '/index.html', '/?from=link']) {
      const page = await send(fixture.host.port, path);
      expect(page.status, path).toBe(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.text).toContain(
        `<head>\n    <meta name="headroom-token" content="${testToken}" />\n    <meta charset="UTF-8" />`,
      );
      expect(page.headers['content-security-policy']).toBe("frame-ancestors 'none'");
      expect(page.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('serves the build’s files with their content types', async () => {
    fixture = await startFixture();
    const expected: Record<string, string> = {
      '/assets/index-abc.js': 'text/javascript; charset=utf-8',
      '/assets/index-abc.css': 'text/css; charset=utf-8',
      '/assets/icon.svg': 'image/svg+xml',
      '/assets/font.woff2': 'font/woff2',
      '/assets/data.bin': 'application/octet-stream',
    };
    for (const [path, type] of Object.entries(expected)) {
      const answer = await send(fixture.host.port, path);
      expect(answer.status, path).toBe(200);
      expect(answer.headers['content-type'], path).toBe(type);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
    }
    expect((await send(fixture.host.port, '/assets/index-abc.js')).text).toBe('console.log("popover");\n');
    const head = await send(fixture.host.port, '/assets/index-abc.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
  });

  it('answers 404 in words for what the build does not hold, and never serves a file outside it', async () => {
    fixture = await startFixture();
    for (const path of [
      '/nothing.js',
      '/assets/',
      '/../outside.txt',
      '/..%2foutside.txt',
      '/assets/..%2f..%2foutside.txt',
      '/%00',
      '/%E0%A4%A',
    ]) {
      const answer = await send(fixture.host.port, path);
      expect(answer.status, path).toBe(404);
      expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(answer.text).toMatch(/^There is nothing at .* in the Headroom UI\.\n$/);
      expect(answer.text).not.toContain('not part of the build');
    }
  });

  it('says in plain words to build the UI when the build is missing', async () => {
    fixture = await startFixture({ built: false });
    for (const path of ['/', '/assets/index-abc.js']) {
      const answer = await send(fixture.host.port, path);
      expect(answer.status).toBe(503);
      expect(answer.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(answer.text).toBe(`${NOT_BUILT}\n`);
      expect(answer.text).toContain('run npm run build');
    }
    expect((await send(fixture.host.port, '/api/snapshot')).status).toBe(200);
  });

  it('only reads: other HTTP methods are 405', async () => {
    fixture = await startFixture();
    const answer = await send(fixture.host.port, '/', { method: 'POST' });
    expect(answer.status).toBe(405);
    expect(answer.headers['allow']).toBe('GET, HEAD');
  });
});

describe('withToken', () => {
  it('puts the meta tag first in the head, escaped, or before a page without a head', () => {
    expect(withToken('<html><HEAD lang="x"><title>t</title></HEAD></html>', 'a"b<c&')).toBe(
      '<html><HEAD lang="x">\n    <meta name="headroom-token" content="a&quot;b&lt;c&amp;" /><title>t</title></HEAD></html>',
    );
    expect(withToken('<p>bare</p>', 'tok')).toBe('<meta name="headroom-token" content="tok" />\n<p>bare</p>');
  });
});
