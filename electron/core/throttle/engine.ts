/**
 * The throttle engine: the usage estimate, the controller and the gate wired to one clock. The poller feeds it
 * samples (and reports its own polls as calls of ours); the gateway asks it, call by call, whether to forward; the
 * Monitor listens to its transitions. It knows nothing of HTTP, the poller or persistence, so it is tested alone.
 *
 * A call the gate releases counts as sent at that moment: it is about to be, and counting it early errs on the
 * safe side.
 */
import type { Clock } from '../clock';
import { defaultThrottleSettings, type ThrottleSettings } from '../settings/throttle-settings';
import type { ConnectionHealth } from '../usage/connection';
import { UsageEstimator, type UsageEstimate } from '../usage/estimate';
import { forecastUsage, type UsageForecast } from '../usage/forecast';
import type { UsageSample } from '../usage/sample';
import { ThrottleController } from './controller';
import { ThrottleGate, type AcquireRequest, type GateDecision, type GateFigures, type GateTuning } from './gate';
import type { Priority } from './priority';
import type { UpstreamRejection } from './rejection';
import type { ThrottleState, ThrottleTransition } from './state';

/** Why a fresh reading is asked for: the room the last one showed is running out, or a refusal is over. */
export type FreshReadingReason = 'room' | 'after-refusal';

export interface ThrottleEngineOptions {
  clock: Clock;
  settings?: ThrottleSettings;
  /**
   * Asks the poller for a reading now: before the room the last one showed runs out, or, after Autotask refused a
   * call for load, once its Retry-After has passed. Each answered one costs the tenant a request.
   */
  requestFreshSample?: (why: FreshReadingReason) => void;
  gateTuning?: Partial<GateTuning>;
}

export interface ThrottleSnapshot {
  state: ThrottleState;
  estimate: UsageEstimate;
  forecast: UsageForecast;
  connection: ConnectionHealth;
  waiting: Record<Priority, number>;
  /** The paced release rate of non-critical calls, per minute (0 when not pacing). */
  pacedPerMinute: number;
  /** While woken by hand: when the Wake Up grace period ends (ms). */
  wakeGraceEndsAt?: number;
  /** Extra readings the gate asked for before the room the last one showed ran out. */
  freshSamplesRequested: number;
}

/** The state and count without the forecast or the reason: what the gateway puts on every answer. */
export interface ThrottleFigures extends GateFigures {
  wokenByUser: boolean;
}

export class InvalidSampleError extends Error {
  override readonly name = 'InvalidSampleError';
  constructor(readonly userMessage: string) {
    super(userMessage);
  }
}

export class ThrottleEngine {
  private readonly clock: Clock;
  private readonly estimator: UsageEstimator;
  private readonly controller: ThrottleController;
  private readonly gate: ThrottleGate;
  private connection: ConnectionHealth = 'ok';

  constructor(options: ThrottleEngineOptions) {
    this.clock = options.clock;
    this.estimator = new UsageEstimator();
    this.controller = new ThrottleController({
      clock: options.clock,
      settings: options.settings ?? defaultThrottleSettings,
      usage: () => this.estimator.estimateAt(this.clock.now()),
      onBackoffOver: () => {
        this.gate.refresh();
        options.requestFreshSample?.('after-refusal');
      },
    });
    this.gate = new ThrottleGate({
      clock: options.clock,
      controller: this.controller,
      estimator: this.estimator,
      onRelease: (_priority, at) => this.recordOwnCall(at),
      ...(options.requestFreshSample ? { requestFreshSample: () => options.requestFreshSample?.('room') } : {}),
      ...(options.gateTuning ? { tuning: options.gateTuning } : {}),
    });
    this.controller.onTransition(() => this.gate.refresh());
  }

  get state(): ThrottleState {
    return this.controller.state;
  }

  get settings(): ThrottleSettings {
    return this.controller.currentSettings;
  }

  addSample(sample: UsageSample): void {
    checkSample(sample);
    this.estimator.addSample(sample);
    this.controller.evaluate('usage');
    this.gate.onSample();
  }

  /** One call of ours reached (or is about to reach) Autotask outside the gate, e.g. the monitor's own poll. */
  recordOwnCall(at = this.clock.now()): void {
    this.estimator.recordOwnCall(at);
    this.controller.evaluate('usage');
  }

  /**
   * Autotask refused a call for load: it did not count it, so neither do we. A 429 for the hourly limit is also a
   * reading, the count at the limit now. Asleep at once, until a reading taken after the refusal.
   */
  reportUpstreamRejection(rejection: UpstreamRejection): void {
    if (rejection.sentAt !== undefined) this.estimator.forgetOwnCall(rejection.sentAt);
    if (rejection.kind === 'rate-limited') this.estimator.addRejection(this.clock.now());
    this.controller.reportUpstreamRejection(rejection);
    this.gate.refresh();
  }

  /** The poller's view of the connection: offline or rejected credentials mean usage cannot be steered by. */
  reportConnection(health: ConnectionHealth): void {
    this.connection = health;
    this.gate.setConnection(health);
  }

  /** Wake Up: resumes non-critical calls, paced, while asleep. Returns false if there was nothing to wake. */
  wakeUp(): boolean {
    return this.controller.wakeUp();
  }

  /** New settings (already validated by the settings schema) take effect at once. */
  updateSettings(settings: ThrottleSettings): void {
    this.controller.updateSettings(settings);
    this.gate.refresh();
  }

  snapshot(): ThrottleSnapshot {
    const estimate = this.estimator.estimateAt(this.clock.now());
    return {
      state: this.controller.state,
      estimate,
      forecast: forecastUsage(estimate, this.settings.sleepAtPercent),
      connection: this.connection,
      waiting: this.gate.waiting,
      pacedPerMinute: this.gate.pacedPerMinute,
      freshSamplesRequested: this.gate.freshSamplesRequested,
      ...(this.controller.wakeGraceEndsAt === undefined ? {} : { wakeGraceEndsAt: this.controller.wakeGraceEndsAt }),
    };
  }

  figures(): ThrottleFigures {
    const { mode, wokenByUser } = this.controller;
    const estimate = this.gate.usageToQuote();
    if (!estimate) return { mode, wokenByUser };
    const { limit, timeframeMinutes } = estimate;
    return { mode, wokenByUser, used: Math.round(estimate.used), limit, timeframeMinutes };
  }

  acquire(request: AcquireRequest): Promise<GateDecision> {
    return this.gate.acquire(request);
  }

  /** See ThrottleGate.submit: settles once, maybe at once, and gives back a function that withdraws the call. */
  submit(request: AcquireRequest, settle: (decision: GateDecision) => void): () => void {
    return this.gate.submit(request, settle);
  }

  onTransition(listener: (transition: ThrottleTransition) => void): () => void {
    return this.controller.onTransition(listener);
  }

  /** Refuses every waiting call and stops all timers; the engine answers every later call with a refusal. */
  close(): void {
    this.gate.close();
    this.controller.dispose();
  }
}

function checkSample(sample: UsageSample): void {
  const fields: Array<[keyof UsageSample, number, (value: number) => boolean, string]> = [
    ['used', sample.used, (v) => v >= 0, 'a count of 0 or more'],
    ['limit', sample.limit, (v) => v > 0, 'a limit above 0'],
    ['timeframeMinutes', sample.timeframeMinutes, (v) => v > 0, 'a window of more than 0 minutes'],
    ['takenAt', sample.takenAt, () => true, 'a clock time'],
  ];
  if (sample.requestedAt !== undefined) fields.push(['requestedAt', sample.requestedAt, () => true, 'a clock time']);
  for (const [name, value, ok, expected] of fields) {
    if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
      throw new InvalidSampleError(`Usage sample field "${name}" must be ${expected} (got ${String(value)}).`);
    }
  }
}
