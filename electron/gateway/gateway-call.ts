import type { IncomingMessage, ServerResponse } from 'node:http';
import { AutotaskError, AutotaskThrottledError, classifyResponse, type UpstreamAnswer } from '../autotask';
import { nowOrLater, type Later } from '../core/now-or-later';
import type { GateDecision } from '../core/throttle/gate';
import type { CallOutcome } from '../core/usage/history-snapshot';
import type { GatewayAccounting, Caller } from './accounting';
import { answerError, figuresNow, refusalAnswer, shuttingDown, type Refusal } from './answers';
import { upstreamHeaders } from './headers';
import type { Listed } from './open-calls';
import type { CheckedOptions } from './options';
import type { Target } from './paths';
import { Relay, type RelayOutcome, type Rewrite } from './relay';
import { RequestBody } from './request-body';
import { CALLS_PER_ENDPOINT, slotKey, type SlotRelease, type ThreadSlots } from './thread-slots';
import type { Zone } from './upstream';
import { zoneOnGateway } from './zone-urls';

/** What every call shares: the options, the gateway's own address, the thread slots, the counts, the zone. */
export interface CallContext {
  options: CheckedOptions;
  baseUrl: string;
  slots: ThreadSlots;
  accounting: GatewayAccounting;
  /** The zone to send to, at once if known; else the lookup, which rejects with its error. */
  zone(): Zone | Later<Zone>;
  /** Points the page URLs of a query answer from `zone` back at the gateway, so paging stays throttled. */
  pageRewrite(zone: Zone): Rewrite;
  extraHeaders(): string[];
  /** A fault in the gateway itself (or a hook it calls): reported, and the call answered 500 if it can be. */
  reportFailure(error: unknown): void;
  /** The call is over: answered (or its caller gone) and nothing of it left under way. */
  onOver(call: GatewayCall): void;
}

type ApiTarget = Extract<Target, { kind: 'api' }>;
type ZoneTarget = Extract<Target, { kind: 'zoneInformation' }>;

/** A call on its way through the zone lookup, the gate and a thread slot. */
interface Passage {
  target: ApiTarget;
  caller: Caller;
  zone: Zone;
  arrived: number;
  maxWaitMs: number;
  /** Whether it had to wait for the gate or a slot (it counts as held, not forwarded). */
  held: boolean;
  /** Its thread slot, once it has one. */
  release: SlotRelease | undefined;
}

/** A call that may go: its slot is released when it is over. */
interface Admission extends Passage {
  release: SlotRelease;
}

/** An admitted call, or what became of one that was not; at once, or after a wait. */
type Admitted = Admission | CallOutcome | Promise<Admission | CallOutcome>;

const SLOT_RETRY_AFTER_MS = 1_000;

/**
 * One call through the gateway, from arrival to answer. An Autotask call waits for the gate first and then for a
 * thread slot: the other order would let throttled background calls sit on an entity's three slots while a
 * critical call queued behind them. Both waits come out of the same maxHoldSeconds. zoneInformation is neither
 * gated nor counted (Autotask does not count it either) and is answered with the gateway's own address.
 */
export class GatewayCall implements Listed {
  /** Its place among the gateway's open calls (see OpenCalls). */
  listIndex = -1;
  private stopped: 'caller-gone' | 'closing' | undefined;
  /** Stops the wait under way (for the zone, the gate or a slot); none while the call is not waiting. */
  private withdraw: (() => void) | undefined;
  private relay: Relay | undefined;
  private readonly body: RequestBody;
  /** The call's own work and its connection's answer stream: it is over when both are. */
  private unfinished = 2;
  private over: Promise<void> | undefined;
  private overNow: (() => void) | undefined;

  constructor(
    private readonly context: CallContext,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    target: ApiTarget | ZoneTarget,
    caller: Caller,
  ) {
    this.body = new RequestBody(req, context.options.maxBodyBytes);
    res.once('close', () => {
      if (!res.writableFinished) this.stop('caller-gone');
      this.finishedPart();
    });
    void this.run(target, caller).then(() => this.finishedPart());
  }

  /** Resolves when the call is over: answered (or its caller gone) and nothing of it left under way. */
  get done(): Promise<void> {
    this.over ??= this.unfinished === 0 ? Promise.resolve() : new Promise((resolve) => (this.overNow = resolve));
    return this.over;
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
    this.withdraw?.();
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

  private finishedPart(): void {
    if (--this.unfinished > 0) return;
    this.context.onOver(this);
    this.overNow?.();
  }

  private async forward(target: ApiTarget, caller: Caller): Promise<CallOutcome> {
    const { accounting } = this.context;
    const admitted = this.admit(target, caller);
    const admission = admitted instanceof Promise ? await admitted : admitted;
    if (typeof admission === 'string') return admission;
    accounting.inFlight(caller, 1);
    try {
      const rewrite = target.pageable ? this.context.pageRewrite(admission.zone) : undefined;
      const outcome = await this.relayTo(admission.zone, target, rewrite);
      if (outcome !== 'answered') return outcome;
      return admission.held ? 'held' : 'forwarded';
    } finally {
      admission.release();
      accounting.inFlight(caller, -1);
    }
  }

  /**
   * Waits for the zone, the gate and a thread slot; when the call cannot go, answers the caller and says so. Most
   * calls wait for none of them, and are admitted without a promise.
   */
  private admit(target: ApiTarget, caller: Caller): Admitted {
    const zone = this.context.zone();
    if (!('withdraw' in zone)) return this.pass(target, caller, zone);
    return this.waitFor(caller, zone).then(
      (found) => (this.stopped ? this.answerStopped() : this.pass(target, caller, found)),
      (error: unknown) => (this.stopped ? this.answerStopped() : this.answerNoZone(error)),
    );
  }

  /** The gate: both waits, for it and for a slot, come out of the same maxHoldSeconds from here. */
  private pass(target: ApiTarget, caller: Caller, zone: Zone): Admitted {
    const { clock, holdMs, throttle } = this.context.options;
    // Written out, not spread: this runs for every call, and spreading an object here cost more than the gate.
    const passage: Passage = {
      target,
      caller,
      zone,
      arrived: clock.now(),
      maxWaitMs: holdMs(),
      held: false,
      release: undefined,
    };
    const request = { priority: caller.priority, maxWaitMs: passage.maxWaitMs };
    const gate = nowOrLater<GateDecision>((settle) => throttle.submit(request, settle));
    if ('now' in gate) return this.afterGate(passage, gate.now);
    passage.held = true;
    return this.waitFor(caller, gate).then((decision) => this.afterGate(passage, decision));
  }

  private afterGate(passage: Passage, decision: GateDecision): Admitted {
    if (!decision.go) return this.answerRefusal(decision);
    const waitLeft = passage.maxWaitMs - (this.context.options.clock.now() - passage.arrived);
    const key = slotKey(passage.caller.integrationCode, passage.target.endpoint);
    const slot = nowOrLater<SlotRelease | undefined>((settle) => this.context.slots.take(key, waitLeft, settle));
    if ('now' in slot) return this.afterSlot(passage, slot.now);
    passage.held = true;
    return this.waitFor(passage.caller, slot).then((release) => this.afterSlot(passage, release));
  }

  private afterSlot(passage: Passage, release: SlotRelease | undefined): Admission | CallOutcome {
    if (this.stopped) {
      release?.();
      return this.answerStopped();
    }
    if (release) {
      passage.release = release;
      return passage as Admission;
    }
    const { caller, target, arrived } = passage;
    const waited = Math.round((this.context.options.clock.now() - arrived) / 1000);
    return this.refuse({
      reason:
        `Held ${waited} s and not sent: ${CALLS_PER_ENDPOINT} calls of integration ${caller.integrationCode || '(none)'} ` +
        `to ${target.endpoint} were already under way, the most Autotask allows at once.`,
      retryAfterMs: SLOT_RETRY_AFTER_MS,
      figures: figuresNow(this.context.options.throttle),
    });
  }

  /** One wait of an Autotask call's: counted as waiting, its body read meanwhile. */
  private async waitFor<T>(caller: Caller, later: Later<T>): Promise<T> {
    const { accounting } = this.context;
    this.body.readAhead();
    accounting.waiting(caller, 1);
    try {
      return await this.awaitWithdrawable(later);
    } finally {
      accounting.waiting(caller, -1);
    }
  }

  /** Waits for `later`, withdrawn at once if the call stops meanwhile. */
  private async awaitWithdrawable<T>(later: Later<T>): Promise<T> {
    this.withdraw = later.withdraw;
    try {
      return await later.value;
    } finally {
      this.withdraw = undefined;
    }
  }

  private async answerZoneInformation(target: ZoneTarget): Promise<void> {
    const known = this.context.zone();
    let zone: Zone;
    try {
      zone = 'withdraw' in known ? await this.awaitWithdrawable(known) : known;
    } catch (error) {
      if (this.stopped) this.answerStopped();
      else this.answerNoZone(error);
      return;
    }
    await this.relayTo(zone, target, (body) => zoneOnGateway(body, zone.url, this.context.baseUrl));
  }

  private relayTo(zone: Zone, target: ApiTarget | ZoneTarget, rewrite: Rewrite | undefined): Promise<RelayOutcome> {
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
      onErrorAnswer: target.kind === 'api' ? (answer: UpstreamAnswer) => this.learnFrom(answer) : undefined,
    });
    return this.relay.run();
  }

  /** Autotask's 429 and thread-limit answers put the throttle to sleep at once (and back off by Retry-After). */
  private learnFrom(answer: UpstreamAnswer): void {
    const { throttle, clock } = this.context.options;
    const error = classifyResponse(answer, { nowMs: clock.now() });
    if (error instanceof AutotaskThrottledError) {
      throttle.reportUpstreamRejection({ kind: error.kind, retryAfterMs: error.retryAfterMs });
    }
  }

  private answerNoZone(error: unknown): CallOutcome {
    const why = error instanceof AutotaskError ? ` ${error.userMessage}` : '';
    this.answer(502, `Headroom could not find the tenant’s Autotask zone to send the call to.${why}`);
    return 'failed';
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
