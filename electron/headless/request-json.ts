import type { IncomingMessage } from 'node:http';

/** A method's request is small (settings, a connection): anything larger is a mistake or an attack. */
export const MAX_REQUEST_BYTES = 64 * 1024;

export type RequestJson = { ok: true; value: unknown } | { ok: false; status: 400 | 413; message: string };

/**
 * The request of a contract method from a POST body: JSON, or nothing for a method that takes none. The parser's
 * own message is never passed on: it quotes the body, and the body may hold a secret.
 */
export async function readRequestJson(req: IncomingMessage): Promise<RequestJson> {
  const text = await bodyText(req);
  if (text === undefined) {
    return { ok: false, status: 413, message: `The request body is larger than ${MAX_REQUEST_BYTES / 1024} KiB.` };
  }
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, status: 400, message: 'The request body is not valid JSON: send the request as a JSON value.' };
  }
}

/** The body as text; undefined once it passes the limit (then it is not read further). */
function bodyText(req: IncomingMessage): Promise<string | undefined> {
  if (Number(req.headers['content-length'] ?? 0) > MAX_REQUEST_BYTES) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_REQUEST_BYTES) return void chunks.push(chunk);
      req.removeAllListeners('data');
      req.pause();
      resolve(undefined);
    });
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}
