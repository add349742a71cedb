import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { AutotaskError, AutotaskThrottledError, classifyResponse, type UpstreamAnswer } from '../autotask';
import type { AcquireRequest, GateDecision } from '../core/throttle/gate';
import type { CallOutcome } from '../core/usage/history-snapshot';
import type { GatewayAccounting, Caller } from './accounting';
import { answerError, figuresNow, refusalAnswer, shuttingDown, type Refusal } from './answers';
import { upstreamHeaders } from './headers';
import type { CheckedOptions, GatewayThrottle } from './options';
import type { Target } from './paths';
import { Relay, type RelayOutcome } from './relay';
import { RequestBody } from './request-body';
import { CALLS_PER_ENDPOINT, slotKey, type SlotRelease, type ThreadSlots } from './thread-slots';
import type { Zone } from './upstream';
import { pageUrlsOnGateway, zoneOnGateway } from './zone-urls';

/** What every call shares: the options, the gateway's own address, the thread slots, the counts, the zone. */
export interface CallContext {
  options: CheckedOptions;
  baseUrl: string;
  slots: ThreadSlots;
  accounting: GatewayAccounting;
  /** The zone to send to, at once if known; else rejects with the lookup's error, or when `signal` aborts first. */
  zone(signal: AbortSignal): Zone | Promise<Zone>;
  extraHeaders(): string[];
  /** A fault in the gateway itself (or a hook it calls): reported, and the call answered 500 if it can be. */
  reportFailure(error: unknown): void;
}

type ApiTarget = Extract<Target, { kind: 'api' }>;
type ZoneTarget = Extract<Target, { kind: 'zoneInformation' }>;

interface Admission {
  zone: Zone;
  release: SlotRelease;
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
  readonly done: Promise<void>;
  private readonly abort = new AbortController();
  private stopped: 'caller-gone' | 'closing' | undefined;
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
    const closed = new Promise<void>((resolve) =>
      res.once('close', () => {
        if (!res.writableFinished) this.stop('caller-gone');
        resolve();
      }),
    );
    const ran =
      target.kind === 'zoneInformation'
        ? this.answerZoneInformation(target)
        : this.forward(target, caller).then((outcome) => context.accounting.record(caller, outcome));
    this.done = ran
      .catch((error: unknown) => {
        context.reportFailure(error);
        this.answer(500, 'Headroom’s gateway failed on this call (an internal error); it may not have been sent.');
      })
      .then(() => closed);
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
    this.abort.abort();
  }

  private async forward(target: ApiTarget, caller: Caller): Promise<CallOutcome> {
    const { accounting } = this.context;
    accounting.waiting(caller, 1);
    let admission: Admission | CallOutcome;
    try {
      admission = await this.admit(target, caller);
    } finally {
      accounting.waiting(caller, -1);
    }
    if (typeof admission === 'string') return admission;
    accounting.inFlight(caller, 1);
    try {
      const outcome = await this.relayTo(admission.zone, target, this.pageRewriter(target, admission.zone));
      if (outcome !== 'answered') return outcome;
      return admission.held ? 'held' : 'forwarded';
    } finally {
      admission.release();
      accounting.inFlight(caller, -1);
    }
  }

  /** Waits for the zone, the gate and a thread slot; when the call cannot go, answers the caller and says so. */
  private async admit(target: ApiTarget, caller: Caller): Promise<Admission | CallOutcome> {
    const { throttle, clock, holdMs } = this.context.options;
    const arrived = clock.now();
    const maxWaitMs = holdMs();
    const signal = this.abort.signal;
    const zone = await this.zoneOrAnswer();
    if (!zone) return this.stopped ? this.answerStopped() : 'failed';
    const { decision, held } = await passGate(throttle, { priority: caller.priority, maxWaitMs, signal });
    if (!decision.go) return this.answerRefusal(decision);
    const waitLeft = maxWaitMs - (clock.now() - arrived);
    const slot = this.context.slots.take(slotKey(caller.integrationCode, target.endpoint), waitLeft, signal);
    const release = slot instanceof Promise ? await slot : slot;
    if (this.stopped) {
      release?.();
      return this.answerStopped();
    }
    if (!release) {
      const waited = Math.round((clock.now() - arrived) / 1000);
      return this.refuse({
        reason:
          `Held ${waited} s and not sent: ${CALLS_PER_ENDPOINT} calls of integration ${caller.integrationCode || '(none)'} ` +
          `to ${target.endpoint} were already under way, the most Autotask allows at once.`,
        retryAfterMs: SLOT_RETRY_AFTER_MS,
        figures: figuresNow(this.context.options.throttle),
      });
    }
    return { zone, release, held: held || slot instanceof Promise };
  }

  private async answerZoneInformation(target: ZoneTarget): Promise<void> {
    const zone = await this.zoneOrAnswer();
    if (!zone) {
      if (this.stopped) this.answerStopped();
      return;
    }
    await this.relayTo(zone, target, () => (body) => zoneOnGateway(body, zone.url, this.context.baseUrl));
  }

  private relayTo(
    zone: Zone,
    target: ApiTarget | ZoneTarget,
    rewriterFor: ((headers: IncomingHttpHeaders) => ((body: Buffer) => Buffer | undefined) | undefined) | undefined,
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
      ...(rewriterFor ? { rewriterFor } : {}),
      ...(target.kind === 'api' ? { onErrorAnswer: (answer: UpstreamAnswer) => this.learnFrom(answer) } : {}),
    });
    return this.relay.run();
  }

  /** Query answers have their page URLs pointed back at the gateway, so paging stays throttled. */
  private pageRewriter(target: ApiTarget, zone: Zone) {
    if (!target.pageable) return undefined;
    return () => (body: Buffer) => pageUrlsOnGateway(body, zone.url, this.context.baseUrl);
  }

  /** Autotask's 429 and thread-limit answers put the throttle to sleep at once (and back off by Retry-After). */
  private learnFrom(answer: UpstreamAnswer): void {
    const { throttle, clock } = this.context.options;
    const error = classifyResponse(answer, { nowMs: clock.now() });
    if (error instanceof AutotaskThrottledError) {
      throttle.reportUpstreamRejection({ kind: error.kind, retryAfterMs: error.retryAfterMs });
    }
  }

  private async zoneOrAnswer(): Promise<Zone | undefined> {
    try {
      return await this.context.zone(this.abort.signal);
    } catch (error) {
      if (this.stopped) return undefined;
      const why = error instanceof AutotaskError ? ` ${error.userMessage}` : '';
      this.answer(502, `Headroom could not find the tenant’s Autotask zone to send the call to.${why}`);
      return undefined;
    }
  }

  private answerRefusal(decision: Extract<GateDecision, { go: false }>): CallOutcome {
    if (this.stopped) return this.answerStopped();
    return this.refuse(decision);
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

/** The gate's decision, and whether the call had to wait for it (it is decided during submit when it goes at once). */
function passGate(
  throttle: GatewayThrottle,
  request: AcquireRequest,
): Promise<{ decision: GateDecision; held: boolean }> {
  return new Promise((resolve) => {
    let submitted = false;
    throttle.submit(request, (decision) => resolve({ decision, held: submitted }));
    submitted = true;
  });
}
