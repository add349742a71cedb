/**
 * The soak: 20,000 calls from 200 clients of mixed priorities through the gateway while the tenant's load drives
 * the throttle through slowed, asleep, Wake Up, critical stop and back, on a tenant scaled so that its "hour" is
 * a minute: 20,000 calls per 1-minute window. The limit is doubled as well as the window shortened because near
 * the thresholds the gate releases at most 1% of the limit per usage sample and a sample costs a request of the
 * limit: at 10,000 a minute it would let the clients' non-critical calls through at about 80 a second and the
 * soak would take minutes. The gateway runs as `headroom gateway` composes it, in its own process; the simulator in another.
 *
 * Each client is an API user's script on one entity that sends its next call on a fixed schedule (20,000 calls
 * spread over 90 s), or at once when it has fallen behind; it neither backs off nor gives up, the worst a
 * gateway has to take. The other integrations' load is the simulator's (booked through the admin API, so the
 * simulator counts it without refusing any of it): a steady 65% of the limit from the start; a surge of 15% once
 * the throttle slows, which puts it to sleep; Wake Up 5 s later; a second surge to 99.3% of the limit 3 s after
 * that, past criticalStopAt, held for 8 s; then quiet, so that the window drains and the throttle resumes by
 * itself.
 *
 * What it checks: every call answered; none later than maxHoldSeconds + 1 s; no critical call refused while
 * usage was below criticalStopAt; no 429 from Autotask (the simulator's served429 and thread rejections); the
 * gateway's memory over the run.
 */
import { Agent } from 'node:http';
import { defaultThrottleSettings } from '../../../electron/core/settings/throttle-settings';
import type { Priority } from '../../../electron/core/throttle/priority';
import { reasonWords } from '../../../electron/core/throttle/reason-words';
import type { ThrottleState } from '../../../electron/core/throttle/state';
import type { GatewayStats } from '../../../electron/gateway';
import { PRIORITY_HEADER } from '../../../electron/gateway';
import { demoUser, type ApiUser } from '../../../electron/simulator';
import { percentile, round, send, startSimulatorProcess, type Call, type SimulatorProcess } from '../load';
import type { TransitionEvent } from './gateway-stack';
import { startBenchChild, type BenchChild, type ProcessUsage } from './process-link';

export const SOAK = {
  requests: 20_000,
  clients: 200,
  /** The clients' schedule spreads the calls over this long; a client held back catches up after. */
  scheduleSeconds: 90,
  /** No call is started after this, whatever is left of the 20,000: the soak is bounded in time. */
  deadlineSeconds: 180,
  limit: 20_000,
  timeframeMinutes: 1,
  maxHoldSeconds: 5,
  /** The shortest the settings allow; Autotask's default 120 s would be 2 s in a 1-minute hour. */
  wakeGraceSeconds: 10,
  /** Integration codes; each client is one of them on one of four entities, at most 3 clients per pair. */
  integrations: 20,
  othersSurgeShare: 0.15,
  /** After Wake Up the others take the tenant to this share: past criticalStopAt (98%), short of the limit. */
  peakShare: 0.993,
} as const;

const entities = ['Tickets', 'Companies', 'Contacts', 'TicketNotes'] as const;
const criticalStopAt = (defaultThrottleSettings.criticalStopAtPercent / 100) * SOAK.limit;
/** Longer than any answer should take: a call still open then is counted as never answered. */
const clientTimeoutMs = (SOAK.maxHoldSeconds + 30) * 1000;

/** One client in ten critical, five normal, four background. */
function priorityOf(client: number): Priority {
  const tenth = client % 10;
  return tenth === 0 ? 'critical' : tenth <= 5 ? 'normal' : 'background';
}

const users: ApiUser[] = Array.from({ length: SOAK.integrations }, (_, i) => {
  const n = String(i + 1).padStart(2, '0');
  return { username: `soak${n}@headroom.example`, secret: `soak-secret-${n}`, integrationCode: `SOAK${n}` };
});

export interface PriorityTally {
  sent: number;
  /** Autotask's answer relayed (2xx). */
  forwarded: number;
  /** The gateway's own 429: held up to maxHoldSeconds, or its queue full. */
  refused: number;
  /** Critical calls refused while X-Headroom-Usage was below criticalStopAt. */
  refusedBelowCriticalStop: number;
}

export interface AnswerTimes {
  count: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface MemorySample {
  atSeconds: number;
  rssMiB: number;
  heapUsedMiB: number;
}

export interface SoakResult {
  settings: typeof SOAK & { criticalStopAt: number };
  durationSeconds: number;
  sent: number;
  /** Calls that failed at the connection or had no answer within the client's timeout. */
  withoutAnswer: number;
  /** Answers that came later than maxHoldSeconds + 1 s after the call was sent. */
  lateAnswers: number;
  byPriority: Record<Priority, PriorityTally>;
  /** From sending the call to the end of its answer, by priority and by what became of it. */
  answerTimes: Record<Priority, { forwarded: AnswerTimes; refused: AnswerTimes }>;
  /** Statuses other than 200 and the gateway's 429, as relayed (a 429 here is Autotask's). */
  otherStatuses: Record<string, number>;
  /** Counted by the simulator during the soak: 429s it served and thread-limit rejections. */
  upstream: { served429: number; threadRejections: number; requests: number };
  gateway: GatewayStats;
  /**
   * The gateway process's memory after a full collection: before the first call, every 10 s, and after the last
   * answer; and the largest resident set it had.
   */
  memory: { samples: MemorySample[]; peakRssMiB: number };
  transitions: Array<{ atSeconds: number; from: string; to: string; cause: string; reason: string }>;
  /** The moments the bench acted on the tenant, for reading the transitions against. */
  actions: Array<{ atSeconds: number; action: string }>;
}

export async function soak(): Promise<SoakResult> {
  const simulator = await startSimulatorProcess([
    ...['--port', '0', '--no-latency', '--load', 'steady'],
    ...['--limit', String(SOAK.limit), '--timeframe-minutes', String(SOAK.timeframeMinutes)],
    ...users.flatMap((user) => ['--user', `${user.username}:${user.secret}:${user.integrationCode}`]),
  ]);
  let gateway: BenchChild | undefined;
  try {
    gateway = await startBenchChild(
      'gateway-stack',
      {
        settings: {
          connection: {
            autotaskBaseUrl: simulator.baseUrl,
            username: demoUser.username,
            integrationCode: demoUser.integrationCode,
          },
          throttle: { wakeGraceSeconds: SOAK.wakeGraceSeconds },
          gateway: { port: 0, maxHoldSeconds: SOAK.maxHoldSeconds },
        },
      },
      { env: { HEADROOM_SECRET: demoUser.secret } },
    );
    return await run(simulator, gateway);
  } finally {
    await gateway?.stop();
    await simulator.stop();
  }
}

async function run(simulator: SimulatorProcess, gateway: BenchChild): Promise<SoakResult> {
  const started = Date.now();
  const seconds = (at: number) => round((at - started) / 1000);
  const states = new StateLog(gateway);
  const memory = new MemoryLog(gateway, seconds);
  await memory.sample();
  const upstreamBefore = await simulator.admin('stats');
  const tally = new Tally();
  const agent = new Agent({ keepAlive: true, maxSockets: SOAK.clients });
  const actions: SoakResult['actions'] = [];
  const act = async (action: string, step: () => Promise<unknown>) => {
    actions.push({ atSeconds: seconds(Date.now()), action });
    await step();
  };

  const clients = Array.from({ length: SOAK.clients }, (_, client) =>
    runClient(client, gateway.baseUrl, agent, started, tally),
  );
  const drive = async () => {
    await states.until((state) => state.mode !== 'normal', 40_000);
    const surge = SOAK.othersSurgeShare * SOAK.limit;
    await act(`others surge: ${surge} calls booked at once`, () => simulator.admin('usage', { count: surge }));
    await states.until((state) => state.mode === 'asleep', 20_000);
    await pause(5_000);
    await act('Wake Up (monitor.wakeUp())', () => gateway.command('wake-up'));
    await pause(3_000);
    // Woken, the throttle lets non-critical calls go up to criticalStopAt: a second surge takes the tenant past it,
    // where even critical calls are held, and keeps it there for longer than a hold.
    const { windowCount } = await simulator.admin('stats');
    const topUp = Math.max(0, Math.round(SOAK.peakShare * SOAK.limit) - windowCount);
    await act(`others surge to ${SOAK.peakShare * 100}%: ${topUp} calls booked at once`, () =>
      simulator.admin('usage', { count: topUp }),
    );
    await states.until((state) => state.criticalStopped, 10_000);
    await pause(8_000);
    await act('others quiet (/_sim/load quiet): the window drains', () =>
      simulator.admin('load', { profile: 'quiet' }),
    );
    await states.until((state) => state.mode === 'normal', 75_000);
  };
  const sampling = setInterval(() => void memory.sample(), 10_000);
  await Promise.all([...clients, drive()]);
  clearInterval(sampling);
  const durationSeconds = seconds(Date.now());
  agent.destroy();

  const upstreamAfter = await simulator.admin('stats');
  const stats = (await gateway.command('stats')) as GatewayStats;
  const peak = await memory.sample();
  return {
    settings: { ...SOAK, criticalStopAt },
    durationSeconds,
    ...tally.summary(),
    upstream: {
      served429: upstreamAfter.served429 - upstreamBefore.served429,
      threadRejections: upstreamAfter.threadRejections - upstreamBefore.threadRejections,
      requests: upstreamAfter.totalRequests - upstreamBefore.totalRequests,
    },
    gateway: stats,
    memory: { samples: memory.samples, peakRssMiB: mebibytes(peak.maxRssBytes) },
    transitions: states.transitions.map(({ at, from, to, cause }) => ({
      atSeconds: seconds(at),
      from: label(from),
      to: label(to),
      cause,
      reason: reasonWords(to.reason),
    })),
    actions,
  };
}

/** One client's calls on its schedule: the k-th at its time, or as soon as the one before is answered. */
async function runClient(client: number, baseUrl: string, agent: Agent, started: number, tally: Tally) {
  const perClient = SOAK.requests / SOAK.clients;
  const intervalMs = (SOAK.scheduleSeconds * 1000) / perClient;
  const offsetMs = (client / SOAK.clients) * intervalMs;
  const priority = priorityOf(client);
  const call = entityQuery(baseUrl, users[Math.floor(client / 10) % users.length] as ApiUser, client, priority);
  for (let k = 0; k < perClient; k++) {
    const dueAt = started + offsetMs + k * intervalMs;
    if (dueAt > Date.now()) await pause(dueAt - Date.now());
    if (Date.now() - started > SOAK.deadlineSeconds * 1000) return;
    const sentAt = performance.now();
    tally.sent(priority);
    try {
      const answer = await send(call, agent, { keepBody: true, timeoutMs: clientTimeoutMs });
      tally.answered(priority, answer.status, answer.headers['x-headroom-usage'], answer.body ?? '', sentAt);
    } catch {
      tally.unanswered();
    }
  }
}

function entityQuery(baseUrl: string, user: ApiUser, client: number, priority: Priority): Call {
  return {
    method: 'POST',
    url: new URL(`V1.0/${entities[client % entities.length]}/query`, baseUrl),
    headers: {
      UserName: user.username,
      Secret: user.secret,
      ApiIntegrationCode: user.integrationCode,
      'Content-Type': 'application/json',
      [PRIORITY_HEADER]: priority,
    },
    body: JSON.stringify({ filter: [{ op: 'gt', field: 'id', value: 0 }], MaxRecords: 10 }),
  };
}

class Tally {
  private readonly byPriority = {
    critical: emptyTally(),
    normal: emptyTally(),
    background: emptyTally(),
  } satisfies Record<Priority, PriorityTally>;
  private readonly times = {
    critical: { forwarded: [] as number[], refused: [] as number[] },
    normal: { forwarded: [] as number[], refused: [] as number[] },
    background: { forwarded: [] as number[], refused: [] as number[] },
  } satisfies Record<Priority, { forwarded: number[]; refused: number[] }>;
  private readonly other: Record<string, number> = {};
  private withoutAnswer = 0;
  private late = 0;

  sent(priority: Priority): void {
    this.byPriority[priority].sent++;
  }

  answered(priority: Priority, status: number, usage: string | string[] | undefined, body: string, sentAt: number) {
    const ms = performance.now() - sentAt;
    if (ms > (SOAK.maxHoldSeconds + 1) * 1000) this.late++;
    const counts = this.byPriority[priority];
    if (status === 200) {
      counts.forwarded++;
      this.times[priority].forwarded.push(ms);
    } else if (status === 429 && body.includes('(Headroom:')) {
      counts.refused++;
      this.times[priority].refused.push(ms);
      const used = Number(String(usage).split('/')[0]);
      if (priority === 'critical' && !(used >= criticalStopAt)) counts.refusedBelowCriticalStop++;
    } else {
      this.other[status] = (this.other[status] ?? 0) + 1;
    }
  }

  unanswered(): void {
    this.withoutAnswer++;
  }

  summary() {
    const { critical, normal, background } = this.byPriority;
    return {
      sent: critical.sent + normal.sent + background.sent,
      withoutAnswer: this.withoutAnswer,
      lateAnswers: this.late,
      byPriority: this.byPriority,
      answerTimes: mapPriorities((priority) => ({
        forwarded: timesOf(this.times[priority].forwarded),
        refused: timesOf(this.times[priority].refused),
      })),
      otherStatuses: this.other,
    };
  }
}

function mapPriorities<T>(each: (priority: Priority) => T): Record<Priority, T> {
  return { critical: each('critical'), normal: each('normal'), background: each('background') };
}

function emptyTally(): PriorityTally {
  return { sent: 0, forwarded: 0, refused: 0, refusedBelowCriticalStop: 0 };
}

function timesOf(times: number[]): AnswerTimes {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50Ms: round(percentile(sorted, 0.5)),
    p99Ms: round(percentile(sorted, 0.99)),
    maxMs: round(sorted[sorted.length - 1] ?? 0),
  };
}

/** The throttle's transitions as the gateway's process reports them, and a way to wait for a state. */
class StateLog {
  readonly transitions: TransitionEvent[] = [];
  private readonly waiters = new Set<() => void>();

  constructor(gateway: BenchChild) {
    gateway.onEvent((event) => {
      this.transitions.push(event as TransitionEvent);
      for (const waiter of this.waiters) waiter();
    });
  }

  /** Resolves when the latest state matches, or after `timeoutMs` (the soak goes on either way; the log tells). */
  until(matches: (state: ThrottleState) => boolean, timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        const latest = this.transitions[this.transitions.length - 1]?.to;
        if (!latest || !matches(latest)) return;
        this.waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        resolve();
      }, timeoutMs);
      this.waiters.add(check);
      check();
    });
  }
}

class MemoryLog {
  readonly samples: MemorySample[] = [];

  constructor(
    private readonly gateway: BenchChild,
    private readonly seconds: (at: number) => number,
  ) {}

  async sample(): Promise<ProcessUsage> {
    const usage = await this.gateway.usage({ collectGarbage: true });
    this.samples.push({
      atSeconds: this.seconds(Date.now()),
      rssMiB: mebibytes(usage.rssBytes),
      heapUsedMiB: mebibytes(usage.heapUsedBytes),
    });
    return usage;
  }
}

function mebibytes(bytes: number): number {
  return round(bytes / 2 ** 20);
}

function label(state: ThrottleState): string {
  return [state.mode, state.wokenByUser ? 'woken' : '', state.criticalStopped ? 'critical stop' : '']
    .filter(Boolean)
    .join(', ');
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
