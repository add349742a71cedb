import type { IncomingMessage, ServerResponse } from 'node:http';
import { AutotaskError } from './errors';

/** Bodies above this are refused with a 413; no more than this is ever held in memory. */
const maxBodyBytes = 1024 * 1024;

/** One request and its response, with the few ways the simulator answers. */
export class Exchange {
  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
  ) {}

  /** The body as text; refuses bodies over maxBodyBytes (413) and a client that hangs up mid-body. */
  readBody(): Promise<string> {
    const declared = Number(this.req.headers['content-length'] ?? 0);
    if (declared > maxBodyBytes) return Promise.reject(tooLarge());
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      this.req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBodyBytes) {
          this.req.removeAllListeners('data');
          this.req.pause();
          reject(tooLarge());
        } else chunks.push(chunk);
      });
      this.req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      this.req.on('error', reject);
    });
  }

  get answered(): boolean {
    return this.res.headersSent || this.res.destroyed;
  }

  json(status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
    this.text(status, JSON.stringify(body), headers);
  }

  /** Sends `text` as an application/json body, valid or not (the malformed-json fault sends it broken). */
  text(status: number, text: string, headers: Readonly<Record<string, string>> = {}): void {
    if (this.answered) return;
    this.res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      ...headers,
    });
    this.res.end(text);
  }

  /** Answers in Autotask's error shape; anything that is not an AutotaskError is a 500 that names it. */
  fail(error: unknown): void {
    if (this.answered) return;
    const answer = error instanceof AutotaskError ? error : internalError(error);
    this.json(answer.status, answer.body, answer.headers);
  }

  /** Drops the connection with a TCP reset, as a failing load balancer would. */
  reset(): void {
    this.req.socket.resetAndDestroy();
  }

  /** Runs `callback` once, when the response is written or the client has gone. */
  onClose(callback: () => void): void {
    this.res.once('close', callback);
  }
}

function tooLarge(): AutotaskError {
  // The connection is closed after the answer: the rest of an oversized body is not worth reading.
  return new AutotaskError(413, `The request body is larger than the limit of ${maxBodyBytes} bytes.`, {
    Connection: 'close',
  });
}

function internalError(error: unknown): AutotaskError {
  const reason = error instanceof Error ? error.message : String(error);
  return new AutotaskError(500, `The simulator could not process this request: ${reason}`);
}
