import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { answerBody, answerProblem } from './host-answers';

/** What Vite's build holds; anything else is sent as bytes, never guessed at. */
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

/** No page of another site may frame the UI, where a click on Wake Up could be stolen (clickjacking). */
const pageHeaders = {
  'Content-Security-Policy': "frame-ancestors 'none'",
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
};

export const NOT_BUILT =
  'The Headroom UI has not been built yet: run npm run build in the Headroom folder, then reload this page.';

/**
 * The renderer's build, as the popover shows it: `/` is index.html with this launch's token in a meta tag, which
 * the page sends back on the calls that change something. A file outside the build is never served.
 */
export async function answerRendererFile(
  req: IncomingMessage,
  res: ServerResponse,
  rendererDir: string,
  token: string,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return answerProblem(req, res, 405, 'The Headroom UI is only read: use GET.', { Allow: 'GET, HEAD' });
  }
  const index = await readFile(join(rendererDir, 'index.html'), 'utf8').catch(() => undefined);
  if (index === undefined) return answerProblem(req, res, 503, NOT_BUILT);
  const path = pathOf(req.url ?? '/');
  if (path === '/' || path === '/index.html') {
    return answerBody(res, 200, withToken(index, token), { ...pageHeaders, 'Content-Type': contentTypes['.html'] });
  }
  const file = path === undefined ? undefined : fileIn(rendererDir, path);
  const bytes = file === undefined ? undefined : await readFile(file).catch(() => undefined);
  if (file === undefined || bytes === undefined) {
    return answerProblem(
      req,
      res,
      404,
      `There is nothing at ${(path ?? req.url ?? '').slice(0, 200)} in the Headroom UI.`,
    );
  }
  answerBody(res, 200, bytes, {
    ...pageHeaders,
    'Content-Type': contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream',
  });
}

/** The page with the token where its script finds it: a meta tag, as the Content Security Policy forbids inline script. */
export function withToken(html: string, token: string): string {
  const meta = `<meta name="headroom-token" content="${attributeText(token)}" />`;
  const head = /<head\b[^>]*>/i;
  return head.test(html) ? html.replace(head, (tag) => `${tag}\n    ${meta}`) : `${meta}\n${html}`;
}

/** The decoded path of a request's URL; undefined when it cannot be decoded. */
function pathOf(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url, 'http://host').pathname);
  } catch {
    return undefined;
  }
}

/** The file a path names inside the build; undefined for anything that would lead out of it. */
function fileIn(rendererDir: string, path: string): string | undefined {
  const root = resolve(rendererDir);
  const file = resolve(root, `.${path}`);
  return !path.includes('\0') && file.startsWith(root + sep) ? file : undefined;
}

function attributeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
