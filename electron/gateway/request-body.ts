import type { ClientRequest, IncomingMessage } from 'node:http';

/**
 * A call's body on its way to Autotask. While the call waits for its turn (the zone, the gate, a thread slot), the
 * body is read ahead (up to the size limit): a socket left unread would not notice its caller hanging up, and a
 * call whose caller has gone must leave the queue. Once the call goes, what was read is sent and the rest streams
 * on with backpressure.
 */
export class RequestBody {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private readonly present: boolean;
  private readingAhead = false;

  constructor(
    private readonly req: IncomingMessage,
    private readonly maxBytes: number,
  ) {
    // A request without Content-Length or Transfer-Encoding has no body (RFC 9112 6.3): most reads.
    this.present = req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined;
  }

  /** A body sent chunked, whose size is known only once it is all in. */
  get unsized(): boolean {
    return this.present && this.req.headers['content-length'] === undefined;
  }

  /**
   * Reads the body to its end, or until it passes the limit, or its caller hangs up: whether it fits. A chunked
   * body is read whole before the call asks the gate, so one too large is refused without being counted as sent.
   */
  fits(): Promise<boolean> {
    this.readAhead();
    const { req } = this;
    return new Promise((resolve) => {
      const done = () => {
        req.off('data', check);
        req.off('end', done);
        req.off('close', done);
        resolve(this.size <= this.maxBytes);
      };
      const check = () => {
        if (this.size > this.maxBytes) done();
      };
      if (req.readableEnded || this.size > this.maxBytes) return done();
      req.on('data', check);
      req.once('end', done);
      req.once('close', done);
    });
  }

  /** The call waits for its turn: read the body meanwhile. */
  readAhead(): void {
    if (!this.present || this.readingAhead) return;
    this.readingAhead = true;
    this.req.on('data', this.keep);
  }

  /** Sends the body to Autotask; calls `tooLarge` instead, at once or midway, when it passes the limit. */
  sendTo(upstreamCall: ClientRequest, tooLarge: () => void): void {
    const { req, maxBytes } = this;
    if (!this.present) {
      upstreamCall.end();
      return;
    }
    req.off('data', this.keep);
    if (this.size > maxBytes) return tooLarge();
    for (const chunk of this.chunks.splice(0)) upstreamCall.write(chunk);
    if (req.readableEnded) {
      upstreamCall.end();
      return;
    }
    // Node stops a body at its Content-Length, and the gateway refused one longer than the limit on arrival.
    if (req.headers['content-length'] !== undefined) {
      req.pipe(upstreamCall);
      return;
    }
    let size = this.size;
    const count = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return;
      req.off('data', count);
      req.unpipe(upstreamCall);
      req.pause();
      tooLarge();
    };
    req.on('data', count);
    req.pipe(upstreamCall);
  }

  private readonly keep = (chunk: Buffer) => {
    this.chunks.push(chunk);
    this.size += chunk.length;
    // Past the limit the call will be refused: reading more is of no use.
    if (this.size > this.maxBytes) this.req.pause();
  };
}
