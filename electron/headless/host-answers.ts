import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** The headless host's answers: nothing is cached (the figures are live) and nothing is sniffed as another type. */
const everyAnswer: OutgoingHttpHeaders = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

export function answerBody(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: OutgoingHttpHeaders,
): void {
  res.writeHead(status, { ...everyAnswer, ...headers, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

export function answerJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  answerBody(res, status, JSON.stringify(body ?? null), {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
  });
}

export function answerText(res: ServerResponse, status: number, text: string, headers: OutgoingHttpHeaders = {}): void {
  answerBody(res, status, text, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
}

/**
 * A request that cannot be answered as asked, in words: `{ "error": "..." }` for the API, whose client is a
 * program; plain text for a page or a monitoring tool, read by a person.
 */
export function answerProblem(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  message: string,
  headers: OutgoingHttpHeaders = {},
): void {
  if (isApiPath(req.url ?? '')) answerJson(res, status, { error: message }, headers);
  else answerText(res, status, `${message}\n`, headers);
}

export function isApiPath(url: string): boolean {
  return url.startsWith('/api/');
}
