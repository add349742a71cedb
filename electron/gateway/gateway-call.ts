import type { IncomingMessage, ServerResponse } from 'node:http';
import { AutotaskError, AutotaskThrottledError, classifyResponse, type UpstreamAnswer } from '../autotask';
import type { CallOutcome } from '../core/usage/history-snapshot';
import type { GatewayAccounting, Caller } from './accounting';
import { answerError, figuresNow, refusalAnswer, shuttingDown, tooLargeMessage, type Refusal } from './answers';
import { upstreamHeaders } from './headers';
import type { CheckedOptions } from './options';
import type { Target } from './paths';
import { Relay, type RelayOutcome, type Rewrite } from './relay';
import { RequestBody } from './request-body';
import { CALLS_PER_ENDPOINT, slotKey, type Slot, type ThreadSlots } from './thread-slots';
import { unlessAborted } from './unless-aborted';
import type { Zone } from './upstream';
import { pageUrlRewriter, zoneOnGateway } from './zone-urls';

/** What every call shares: the options, the gateway's own address, the thread slots, the counts, the zone. */
export interface CallContext {
  options: CheckedOptions;
  baseUrl: string;
  slots: ThreadSlots;
  accounting: GatewayAccounting;
  /** The zone to send to; rejects with the lookup's error. */
  zone(): Promise<Zone>;
  extraHeaders(): string[];
  /** A fault in the gateway itself (or a hook it calls): reported, and the call answered 500 if it can be. */
  reportFailure(error: unknown): void;
  /** The call is over: answered (or its caller gone) and nothing of it left under way. */
  onOver(call: GatewayCall): void;
}

type ApiTarget = Extract<Target, { kind: 'api' }>;
type ZoneTarget = Extract<Target, { kind: 'zoneInformation' }>;

/** An Autotask call that may go now. */
interface Admission {
  zone: Zone;
  slot: Slot;
  /** When the gate released it: from then on the throttle counts it as sent. */
  releasedAt: number;
  /** Whether it had to wait for the gate or a slot (it counts as held, not forwarded). */
  held: boolean;
}

const SLOT_RETRY_AFTER_MS = 1_000;

/**
 * One call through the gateway, from arrival to answer. An Autotask call waits for the gate first and then for a
 * thread slot: the other order would let throttled background calls sit on an entity's three slots while a
 * critical call queued behind them. Both waits come out of the same maxHoldSeconds. zoneInformation is neither
 * gated nor counted (Autotask does not count it either) and is answered with the gateway's own address.
 */
export class GatewayCall {
  /** Resolves when the call is over: answered (or its caller gone) and nothing of it left under way. */
  readonly done: Promise<void>;
  private stopped: 'caller-gone' | 'closing' | undefined;
  /** Ends whichever wait the call is in (for the zone, the gate or a slot) when it stops. */
  private readonly stopping = new AbortController();
  private relay: Relay | undefined;
  private readonly body: RequestBody;

  constructor(
    private readonly context: CallContext,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    target: ApiTarget | ZoneTarget,
    caller: Caller,
  ) {
    this.body = new RequestBody(req, context.options.maxBodyBytes);
    const connectionClosed = new Promise<void>((resolve) =>
      res.once('close', () => {
        if (!res.writableFinished) this.stop('caller-gone');
        resolve();
      }),
    );
    // Over only when its answer stream has closed too: shutting down waits for the connection, not just the work.
    this.done = Promise.all([this.run(target, caller), connectionClosed]).then(() => context.onOver(this));
  }

  /** Shutting down: a call still waiting is answered at once; one already sent is left to finish. */
  stopWaiting(): void {
    if (!this.relay) this.stop('closing');
  }

  /** Shutting down, out of time: a call still under way is cut, with a 503 if its answer has not begun. */
  cut(): void {
    this.relay?.end('closing');
  }

  private stop(why: 'caller-gone' | 'closing'): void {
    this.stopped ??= why;
    this.stopping.abort();
  }

  private async run(target: ApiTarget | ZoneTarget, caller: Caller): Promise<void> {
    try {
      if (target.kind === 'zoneInformation') await this.answerZoneInformation(target);
      else this.context.accounting.record(caller, await this.forward(target, caller));
    } catch (error) {
      this.context.reportFailure(error);
      this.answer(500, 'Headroom’s gateway failed on this call (an internal error); it may not have been sent.');
    }
  }

  private async forward(target: ApiTarget, caller: Caller): Promise<CallOutcome> {
    const admission = await this.admit(target, caller);
    if (typeof admission === 'string') return admission;
    const { accounting, baseUrl } = this.context;
    const { zone, slot, releasedAt, held } = admission;
    accounting.inFlight(caller, 1);
    try {
      const rewrite = target.pageable ? pageUrlRewriter(zone.url, baseUrl) : undefined;
      const outcome = await this.relayTo(zone, target, rewrite, (answer) => this.learnFrom(answer, releasedAt));
      if (outcome !== 'answered') return outcome;
      const { onAutotaskAnswered } = this.context.options;
      if (onAutotaskAnswered && this.res.statusCode >= 200 && this.res.statusCode < 300)
        onAutotaskAnswered(this.req.headers);
      return held ? 'held' : 'forwarded';
    } finally {
      slot.release();
      accounting.inFlight(caller, -1);
    }
  }

  /**
   * Waits until the call may go, counted as waiting meanwhile, with its body read ahead (see RequestBody). When it
   * cannot go, answers the caller and says what became of the call.
   */
  private async admit(target: ApiTarget, caller: Caller): Promise<Admission | CallOutcome> {
    const { accounting } = this.context;
    accounting.waiting(caller, 1);
    this.body.readAhead();
    try {
      if (this.body.unsized && !(await this.body.fits())) {
        this.answer(413, tooLargeMessage(this.context.options.maxBodyBytes), ['Connection', 'close']);
        return 'refused';
      }
      return await this.waitForTurn(target, caller);
    } finally {
      accounting.waiting(caller, -1);
    }
  }

  /** The zone, then the gate, then a thread slot: the last two within one maxHoldSeconds. */
  private async waitForTurn(target: ApiTarget, caller: Caller): Promise<Admission | CallOutcome> {
    const zone = await this.findZone();
    if (typeof zone === 'string') return zone;
    const { clock, holdMs, throttle } = this.context.options;
    const { signal } = this.stopping;
    const arrived = clock.now();
    const maxWaitMs = holdMs();
    const decision = await throttle.acquire({ priority: caller.priority, maxWaitMs, signal });
    if (this.stopped) return this.answerStopped();
    if (!decision.go) return this.refuse(decision);
    const waitLeft = maxWaitMs - (clock.now() - arrived);
    const slot = await this.context.slots.take(slotKey(caller.integrationCode, target.endpoint), waitLeft, signal);
    if (this.stopped) {
      slot?.release();
      return this.answerStopped();
    }
    if (!slot) return this.refuse(this.noSlot(caller, target, arrived));
    return { zone, slot, releasedAt: decision.at, held: decision.waitedMs > 0 || slot.waited };
  }

  /** The zone to send to; or, when there is none or the call stopped waiting for it, what became of the call. */
  private async findZone(): Promise<Zone | CallOutcome> {
    try {
      return await unlessAborted(this.context.zone(), this.stopping.signal);
    } catch (error) {
      if (this.stopped) return this.answerStopped();
      const why = error instanceof AutotaskError ? ` ${error.userMessage}` : '';
      this.answer(502, `Headroom could not find the tenant’s Autotask zone to send the call to.${why}`);
      return 'failed';
    }
  }

  private async answerZoneInformation(target: ZoneTarget): Promise<void> {
    const zone = await this.findZone();
    if (typeof zone === 'string') return;
    await this.relayTo(zone, target, (body) => zoneOnGateway(body, zone.url, this.context.baseUrl));
  }

  private relayTo(
    zone: Zone,
    target: ApiTarget | ZoneTarget,
    rewrite: Rewrite | undefined,
    onErrorAnswer?: (answer: UpstreamAnswer) => void,
  ): Promise<RelayOutcome> {
    const { options, extraHeaders } = this.context;
    const pageable = target.kind === 'api' && target.pageable;
    this.relay = new Relay({
      req: this.req,
      res: this.res,
      zone,
      rest: target.rest,
      headers: upstreamHeaders(this.req.rawHeaders, { host: zone.host, identity: pageable }),
      body: this.body,
      maxBodyBytes: options.maxBodyBytes,
      timeoutMs: options.upstreamTimeoutMs,
      clock: options.clock,
      extraHeaders,
      rewrite,
      onErrorAnswer,
    });
    return this.relay.run();
  }

  /**
   * Autotask's 429 and thread-limit answers put the throttle to sleep at once (and back off by Retry-After).
   * Autotask does not count a call it refused, so the throttle is told when it counted this one, to take it back.
   */
  private learnFrom(answer: UpstreamAnswer, releasedAt: number): void {
    const { throttle, clock } = this.context.options;
    const error = classifyResponse(answer, { nowMs: clock.now() });
    if (error instanceof AutotaskThrottledError) {
      throttle.reportUpstreamRejection({ kind: error.kind, retryAfterMs: error.retryAfterMs, sentAt: releasedAt });
    }
  }

  private noSlot(caller: Caller, target: ApiTarget, arrived: number): Refusal {
    const waited = Math.round((this.context.options.clock.now() - arrived) / 1000);
    return {
      reason:
        `Held ${waited} s and not sent: ${CALLS_PER_ENDPOINT} calls of integration ${caller.integrationCode || '(none)'} ` +
        `to ${target.endpoint} were already under way, the most Autotask allows at once.`,
      retryAfterMs: SLOT_RETRY_AFTER_MS,
      figures: figuresNow(this.context.options.throttle),
    };
  }

  /** The gateway is shutting down (the answer says so), or the caller has gone (nobody to answer). */
  private answerStopped(): CallOutcome {
    if (this.stopped === 'closing') this.refuse(shuttingDown(this.context.options.throttle));
    return 'refused';
  }

  private refuse(refusal: Refusal): CallOutcome {
    const answer = refusalAnswer(refusal);
    this.answer(answer.status, answer.message, answer.headers);
    return 'refused';
  }

  private answer(status: number, message: string, headers: readonly string[] = []): void {
    answerError(this.res, status, message, [...headers, ...this.context.extraHeaders()]);
  }
}
