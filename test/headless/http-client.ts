import { request } from 'node:http';

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json(): unknown;
  /** What the answer says in words: the error of a JSON answer, or the text. */
  words(): string;
}

/**
 * One request over real HTTP, with any headers a browser or an attacker could send (fetch would refuse to set
 * Host); `host: null` sends none at all.
 */
export function send(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; host?: string | null } = {},
): Promise<Answer> {
  const { method = 'GET', headers = {}, body, host = `127.0.0.1:${port}` } = options;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method,
        setHost: false,
        headers: { ...(host === null ? {} : { Host: host }), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const json = () => JSON.parse(text) as unknown;
          const words = () =>
            res.headers['content-type']?.startsWith('application/json')
              ? String((json() as { error?: unknown }).error)
              : text.trim();
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, words });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

export function post(port: number, method: string, body: unknown, headers: Record<string, string> = {}) {
  return send(port, `/api/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
