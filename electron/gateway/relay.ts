import type { ClientRequest, IncomingMessage, ServerResponse } from 'node:http';
import type { UpstreamAnswer } from '../autotask';
import type { Clock } from '../core/clock';
import { answerError, tooLargeMessage } from './answers';
import { relayedHeaders } from './headers';
import type { RequestBody } from './request-body';
import type { Zone } from './upstream';

export interface RelayCall {
  req: IncomingMessage;
  res: ServerResponse;
  zone: Zone;
  /** Path and query relative to the zone's root. */
  rest: string;
  /** The headers to send Autotask. */
  headers: string[];
  body: RequestBody;
  maxBodyBytes: number;
  /** How long Autotask may take to start answering. */
  timeoutMs: number;
  clock: Clock;
  /** Added to every answer: the X-Headroom-* headers (and Connection: close while shutting down). */
  extraHeaders: () => string[];
  /**
   * For a 2xx answer that must be read whole: what to do with its body, which it gives back in pieces to send in
   * turn (undefined from it: pass it on as it is).
   */
  rewrite: Rewrite | undefined;
  /** An error answer (4xx, 5xx) with the start of its body, once relayed. */
  onErrorAnswer: ((answer: UpstreamAnswer) => void) | undefined;
}

export type Rewrite = (body: Buffer) => readonly Buffer[] | undefined;

/** What became of the call: Autotask's answer reached the caller, the gateway refused it, or no answer came back. */
export type RelayOutcome = 'answered' | 'refused' | 'failed';

/** Why the gateway itself ended the exchange. */
type Ending = 'timeout' | 'too-large' | 'closing';

/** Enough of an error body to recognise Autotask's 429 and thread-limit messages. */
const ERROR_TEXT_BYTES = 64 * 1024;
const WITHOUT_LENGTH: ReadonlySet<string> = new Set(['content-length']);

/**
 * One call passed on to Autotask: the caller's body streamed up (see RequestBody), the answer streamed back as it
 * came. Every way it can end gives the caller an answer, unless the caller has gone.
 */
export class Relay {
  private upstreamCall: ClientRequest | undefined;
  private ending: Ending | undefined;

  constructor(private readonly call: RelayCall) {}

  run(): Promise<RelayOutcome> {
    return new Promise((resolve) => {
      const { call } = this;
      const { res, clock } = call;
      let upstreamCall: ClientRequest;
      try {
        upstreamCall = call.zone.send(call.rest, call.req.method ?? 'GET', call.headers);
      } catch (error) {
        // Node will not put some paths and header values on the wire; they came from the caller.
        const code = (error as NodeJS.ErrnoException).code ?? 'invalid request';
        this.answer(400, `The call could not be passed on to Autotask: its path or a header is not valid (${code}).`);
        return resolve('refused');
      }
      this.upstreamCall = upstreamCall;
      let settled = false;
      let answered = false;
      const timer = clock.setTimeout(() => this.end('timeout'), call.timeoutMs);
      const settle = (outcome: RelayOutcome) => {
        if (settled) return;
        settled = true;
        clock.clearTimeout(timer);
        resolve(outcome);
      };
      upstreamCall.once('response', (answer: IncomingMessage) => {
        answered = true;
        clock.clearTimeout(timer);
        this.relay(answer, settle);
      });
      // After the answer has begun, a failure shows on the answer stream instead.
      upstreamCall.on('error', (error) => {
        if (!answered) settle(this.answerFailure((error as NodeJS.ErrnoException).code));
      });
      res.once('close', () => {
        // The caller hung up: the call to Autotask is of no use any more.
        if (!res.writableFinished) upstreamCall.destroy();
        if (answered) settle(res.writableFinished ? 'answered' : 'failed');
      });
      call.body.sendTo(upstreamCall, () => this.end('too-large'));
    });
  }

  /** Ends the exchange from the gateway's side; the caller is told why if its answer has not begun. */
  end(ending: Ending): void {
    if (this.ending) return;
    this.ending = ending;
    this.upstreamCall?.destroy();
    if (this.call.res.headersSent) this.call.res.destroy();
  }

  /**
   * Passes the answer on. Most are streamed as they come. A page that may need its URLs rewritten is read whole
   * first, and so is the start of an error answer: it may put the throttle to sleep, which the answer's own
   * X-Headroom-State should already say. `settle` is for a failure the caller can still be told of.
   */
  private relay(answer: IncomingMessage, settle: (outcome: RelayOutcome) => void): void {
    const { onErrorAnswer } = this.call;
    const status = answer.statusCode ?? 502;
    const rewrite = status >= 200 && status < 300 ? this.call.rewrite : undefined;
    const learn = status >= 400 ? onErrorAnswer : undefined;
    if (!rewrite && !learn) return this.stream(answer, status, []);
    const chunks: Buffer[] = [];
    let size = 0;
    let answering = false;
    const answerNow = () => {
      if (answering) return;
      answering = true;
      answer.pause();
      answer.off('data', keep);
      const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size);
      if (rewrite) return this.sendWhole(answer, status, rewrite(body) ?? [body]);
      learn?.({ status, headers: answer.headers, bodyText: body.toString('utf8', 0, ERROR_TEXT_BYTES) });
      this.stream(answer, status, chunks);
    };
    const keep = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (!rewrite && size >= ERROR_TEXT_BYTES) answerNow();
    };
    answer.on('data', keep);
    answer.once('end', answerNow);
    answer.once('close', () => {
      if (!answering) settle(this.answerFailure('ECONNRESET'));
    });
  }

  /** Headers now, then what has been read already, then the rest as it comes. */
  private stream(answer: IncomingMessage, status: number, start: readonly Buffer[]): void {
    const { res } = this.call;
    res.writeHead(status, relayedHeaders(answer.rawHeaders, this.call.extraHeaders()));
    for (const chunk of start) res.write(chunk);
    answer.once('close', () => {
      // Cut off mid-answer: the caller must not take a partial body for a whole one.
      if (!answer.complete) res.destroy();
    });
    if (answer.readableEnded) res.end();
    else answer.pipe(res);
  }

  private sendWhole(answer: IncomingMessage, status: number, pieces: readonly Buffer[]): void {
    const { res } = this.call;
    let length = 0;
    for (const piece of pieces) length += piece.length;
    const extra = this.call.extraHeaders();
    extra.push('Content-Length', String(length));
    res.writeHead(status, relayedHeaders(answer.rawHeaders, extra, WITHOUT_LENGTH));
    // Corked, the head and the pieces leave in one write.
    res.cork();
    for (const piece of pieces) res.write(piece);
    res.end();
    res.uncork();
  }

  private answerFailure(code: string | undefined): RelayOutcome {
    const host = this.call.zone.host;
    switch (this.ending) {
      case 'too-large':
        this.answer(413, tooLargeMessage(this.call.maxBodyBytes), ['Connection', 'close']);
        return 'refused';
      case 'timeout':
        this.answer(504, `Autotask (${host}) did not answer within ${Math.ceil(this.call.timeoutMs / 1000)} s.`);
        return 'failed';
      case 'closing':
        this.answer(
          503,
          'Headroom’s gateway shut down before Autotask answered; the call may or may not have been carried out.',
        );
        return 'failed';
      case undefined:
        this.answer(502, failureWords(host, code));
        return 'failed';
    }
  }

  private answer(status: number, message: string, headers: readonly string[] = []): void {
    answerError(this.call.res, status, message, [...headers, ...this.call.extraHeaders()]);
  }
}

function failureWords(host: string, code: string | undefined): string {
  switch (code) {
    case 'ECONNREFUSED':
      return `Autotask (${host}) refused the connection (ECONNREFUSED); the call was not sent.`;
    case 'ECONNRESET':
      return `The connection to Autotask (${host}) was cut before it answered (ECONNRESET); the call may or may not have been carried out.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Autotask's zone ${host} could not be found (${code}); check the network connection.`;
    default:
      return `Headroom could not get an answer from Autotask (${host}) (${code ?? 'connection failed'}).`;
  }
}
