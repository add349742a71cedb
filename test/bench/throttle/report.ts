/**
 * The benchmark's outputs: docs/bench/throttle.json in the agreed shape, and a markdown section (one table per
 * scenario, the JSON's figures plus a few that explain them, and how everything was measured).
 */
import { RISE_SPAN_MS, type LoadFit } from './fit';
import { CRITICAL_GRACE_MS, ONE_READING_MS } from './room-watch';
import type { RunResult } from './simulation';
import type { Scenario } from './scenarios';

export interface PolicyRow extends RunResult {
  id: string;
  policy: string;
  nonCriticalBound: number;
  /** Whether the others' load fits (fit.ts), for the traffic this row ran. */
  fit: LoadFit;
  /** The seed, for the reseeded runs. */
  seed?: number;
}

export interface ScenarioResults {
  scenario: Scenario;
  rows: PolicyRow[];
}

export type ThrottleFigures = Record<
  string,
  Record<
    string,
    {
      upstream429: number;
      criticalHeld: number;
      criticalDelayP99Ms: number;
      nonCriticalDone: number;
      nonCriticalBound: number;
      upstream429Ours: number;
      criticalHeldWithRoom: number;
      /** null: the window never reached sleepAt. */
      resumeDelayMs: number | null;
      othersFit: boolean;
      /** Only for a scenario with marks (the others' bursts): the upstream 429s from each mark to the next. */
      upstream429BySpan?: number[];
    }
  >
>;

export function figures(results: ScenarioResults[]): ThrottleFigures {
  return Object.fromEntries(
    results.map(({ scenario, rows }) => [
      scenario.name,
      Object.fromEntries(
        rows.map((row) => [
          row.id,
          {
            upstream429: row.upstream429,
            criticalHeld: row.criticalHeld,
            criticalDelayP99Ms: row.criticalDelayP99Ms,
            nonCriticalDone: row.nonCriticalDone,
            nonCriticalBound: row.nonCriticalBound,
            upstream429Ours: row.upstream429Ours,
            criticalHeldWithRoom: row.criticalHeldWithRoom,
            resumeDelayMs: row.resumeDelayMs ?? null,
            othersFit: row.fit.fits,
            ...(row.upstream429BySpan && { upstream429BySpan: row.upstream429BySpan }),
          },
        ]),
      ),
    ]),
  );
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
/** Rounded down, so a peak just under sleepAt never reads as 90.0%. */
const percentDown = (value: number) => `${oneDecimal.format(Math.floor(value * 10) / 10)}%`;

const method = `Each scenario runs the same traffic, generated once from a seed, under every policy, in virtual time.
The tenant is a rolling 60-minute window of exact per-request counts
for every integration (the simulator's own window), with a limit of 10,000: every request past the limit is answered
429 and not counted, ours and the other integrations' alike, and answers slow down with usage as Autotask's do
(+0.5 s from 50%, +1 s from 75%). The other integrations' load is a Poisson stream from a rate function per
scenario; the window starts with an hour of it (a burst within a minute is simply a high rate for that minute). Our own work is critical calls, normal calls and background jobs, each stream with a fixed number
of client threads (send, wait for the answer, take the next; after a 429, wait Retry-After, 60 s, and try the same
call again). Work still waiting at the end is not done. sleepAt is 90% (9,000).

- **Headroom**: the real engine (usage estimate, controller, gate) with the real Poller (adaptive interval; extra
  polls when the gate asks for a fresh reading: after spending a share of the room, or asleep below resumeBelow).
  Every poll is one request of the limit. Threads ask the gate with a two-minute hold and come back after its
  Retry-After when refused.
- **No throttling**: every call goes when its thread gets to it.
- **Fixed delays 1/2/5 s (n8n)**: msoukhomlinov/n8n-nodes-autotask's rate tracker: before every request a delay
  of 1, 2 or 5 s at 50, 75 or 90% of the count from its last ThresholdInformation sync (at its first request, then
  hourly), plus its backoff past 100%. No priorities: critical calls are delayed too.
- **Stop at 90% only**: reads the counter every minute and, while the last reading is at or above 90%, holds
  non-critical calls; below it, lets everything held go. Critical calls always go. Nothing between readings.
- **Local 10,000/h reservoir**: at most 10,000 of our calls in any rolling hour, counted locally; blind to the
  other integrations.

Columns: upstream 429s (all integrations); critical calls held (delayed at all, by the policy or by a 429) and the
99th percentile of their delay; non-critical calls done; that as a share of **the bound**: an upper bound on the
non-critical work an all-knowing scheduler could have done without the window ever holding more than sleepAt.
Such a scheduler must still let the others' requests and our critical calls through as they come. Any stretch of
time no longer than the window lies inside one window position, so the non-critical calls sent in it are at most
sleepAt minus the others' and critical requests of that window. Cutting the run into window-long stretches from
some offset (shorter first and last ones, each measured against the window ending where it ends), the scheduler
does at most the sum of those allowances, and never more than the demand that has arrived by the end of each
stretch (taken greedily, stretch by stretch). Every offset gives a valid bound; the smallest, over offsets a minute
apart, is reported. It ignores Headroom's own polls. A policy that lets the tenant go above sleepAt can do more
than the bound; the last columns show what that costs in safety: the peak of the window and the minutes spent at
or above sleepAt, where one burst of the others' is all it takes to switch the API off for everyone. Polls are
reads of the counter, each a request (Headroom's extra polls in brackets).

Scenarios are of two kinds, computed from each run's traffic, not labelled by hand. Call the others' requests (as
they offer them, refused ones too) and our critical calls (as they come) the load no policy may hold back, and
count it in the window ending at each second. The room above sleepAt is what lies between sleepAt and
criticalStopAt: 98% − 90% of the limit, 800 requests, where every call, critical or not, still passes. The others'
load **fits** when that count never rises by more than this room within any ${RISE_SPAN_MS / 60_000} minutes and never reaches
criticalStopAt (9,800) on its own. Then a policy that had filled the window to sleepAt when a burst came, and added
no call but critical ones after it, would keep the window below criticalStopAt: every critical call could pass at
once and no request would be refused (over longer spans a policy has seen the rise, and its own earlier calls,
leaving the window, make room). There the targets are: no upstream 429, no critical call held, at least 90% of the
bound, and no baseline better on all three at once. Where the others' load does not fit (a burst of more than 800
within ${RISE_SPAN_MS / 60_000} minutes, or the others holding the tenant at the cap), a policy that uses the room up to sleepAt and cannot
see the burst coming is pushed past criticalStopAt, where critical calls wait by design, and with a burst of more
than the 1,000 above sleepAt, to the cap, where requests are refused: no policy without foresight can promise
those targets. There the 429s are reported beside the baselines' (and, when there are any, the others' own: what
the tenant would refuse them with no call of ours at all), and the targets are: no critical call held with room,
a worst resume delay of at most ${ONE_READING_MS / 1000} s, and no baseline better on all three at once. Each scenario's first lines
say which kind it is, with the figures. Where the others burst on a schedule, a line under the table gives
Headroom's upstream 429s burst by burst, for every seed: from the start of each burst to the start of the next, the
last to the end of the run. The first burst cannot be foreseen; a policy that learns from it can keep the later
ones from costing 429s. The bound is the same in both; it knows the burst in advance and keeps
room for it, so a policy that had already used that room when the burst came can end above 100% of it.

Two more columns, read from the tenant's window once a second whatever the policy believed. **Critical held with
room**: critical calls that, while they waited, spent more than ${CRITICAL_GRACE_MS / 1000} s in all with room for them below criticalStopAt
and no 429 answered to us within the last Retry-After (with R requests of room, the R critical calls that have
waited longest have room). Only the cap, or Autotask's own Retry-After, may hold a critical call; ${CRITICAL_GRACE_MS / 1000} s is two
readings at Headroom's fastest polling interval: a policy that reads the counter sees a fall at the first reading
after it, which, when the window falls just after a reading, comes a whole interval and an answer's latency later. **Resume delay**: once the window has been at or above sleepAt, the seconds it then
spends below resumeBelow (70%, where a sleeping connection resumes by the default settings) while non-critical work
of ours is waiting and none of it is accepted, until one of our non-critical calls is accepted again; the worst over the run, "—" when the window never reached sleepAt, "≥" when
the run ended first. Our 429s are the part of the upstream 429s answered to our calls and polls.`;

/**
 * Headroom's targets. Where the others' load fits (fit.ts): no upstream 429, no critical call held, at least 90%
 * of the bound. Where it does not: no critical call held with room (room-watch.ts) and a worst resume delay of at
 * most one reading (30 s); the 429s are reported, not judged. In both: no baseline better on all three at once.
 */
export function missedTargets(results: ScenarioResults[]): string[] {
  const misses: string[] = [];
  for (const { scenario, rows } of results) {
    // One Headroom row per scenario in the main runs; one per seed in the reseeded ones, each judged.
    for (const headroom of rows.filter((row) => row.id === 'headroom')) {
      const where = headroom.seed === undefined ? scenario.name : `${scenario.name} (seed ${headroom.seed})`;
      const miss = (what: string) => misses.push(`${where}: ${what}`);
      if (headroom.fit.fits) {
        if (headroom.upstream429 > 0) miss(`${headroom.upstream429} upstream 429s`);
        if (headroom.criticalHeld > 0) miss(`${calls(headroom.criticalHeld, 'critical call')} held`);
        if (headroom.nonCriticalDone < 0.9 * headroom.nonCriticalBound) {
          miss('non-critical work under 90% of the bound');
        }
      } else {
        if (headroom.criticalHeldWithRoom > 0) {
          miss(`${calls(headroom.criticalHeldWithRoom, 'critical call')} held with room`);
        }
        if ((headroom.resumeDelayMs ?? 0) > ONE_READING_MS) {
          miss(`resume delay ${resumeDelay(headroom)}, over ${ONE_READING_MS / 1000} s`);
        }
      }
      for (const row of rows) {
        if (row.id === 'headroom') continue;
        const better =
          row.upstream429 < headroom.upstream429 &&
          row.criticalHeld < headroom.criticalHeld &&
          row.nonCriticalDone > headroom.nonCriticalDone;
        if (better) miss(`${row.policy} is better on all three`);
      }
    }
  }
  return misses;
}

/** The line under a scenario's heading that says which kind it is, and why. */
function kindLine(fit: LoadFit): string {
  const figures = `the others' and critical requests in the window rise by at most ${grouped.format(fit.rise)} within ${RISE_SPAN_MS / 60_000} min and peak at ${grouped.format(fit.peak)}`;
  if (fit.fits) return `The others' load fits (${figures}): every 429 is avoidable.`;
  const alone =
    fit.othersAlone429 > 0
      ? ` With no call of ours at all, the others alone would get ${grouped.format(fit.othersAlone429)} 429s.`
      : '';
  return `The others' load does not fit (${figures}): no policy without foresight can promise no 429 and no critical call held.${alone}`;
}

export function markdownReport(
  results: ScenarioResults[],
  reseeded: ScenarioResults[],
  seconds: number,
  misses: string[],
): string {
  const sections = results.map(({ scenario, rows }) => {
    const header =
      '| Policy | Upstream 429s | Our 429s | Critical held | Critical delay p99 | Critical held with room | Non-critical done | of bound | Resume delay | Peak usage | Min at/above sleepAt | Polls |\n' +
      '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|';
    const lines = rows.map((row) => {
      const { peakPercent = 0, minutesAtOrAboveSleepAt = 0, polls = 0, extraPolls = 0 } = row.diagnostics;
      const cells = [
        row.policy,
        grouped.format(row.upstream429),
        grouped.format(row.upstream429Ours),
        grouped.format(row.criticalHeld),
        delay(row.criticalDelayP99Ms),
        grouped.format(row.criticalHeldWithRoom),
        grouped.format(row.nonCriticalDone),
        `${oneDecimal.format(shareOfBound(row))}%`,
        resumeDelay(row),
        percentDown(peakPercent),
        oneDecimal.format(minutesAtOrAboveSleepAt),
        `${grouped.format(polls)}${extraPolls > 0 ? ` (${grouped.format(extraPolls)})` : ''}`,
      ];
      return `| ${cells.join(' | ')} |`;
    });
    const first = rows[0];
    const bound = first?.nonCriticalBound ?? 0;
    const kind = first ? ` ${kindLine(first.fit)}` : '';
    const again = reseeded.find((other) => other.scenario.name === scenario.name)?.rows ?? [];
    const spans = burstByBurst([...rows.filter((row) => row.id === 'headroom'), ...again]);
    return `### ${scenario.name}\n\n${scenario.summary}. ${scenario.hours} simulated hours; bound ${grouped.format(bound)} non-critical calls.${kind}\n\n${header}\n${lines.join('\n')}${spans}`;
  });
  const robustness = reseeded.map(({ scenario, rows }) => {
    const shares = rows.map(shareOfBound);
    const total = (pick: (row: PolicyRow) => number) => grouped.format(rows.reduce((sum, row) => sum + pick(row), 0));
    const fitting = rows.filter((row) => row.fit.fits).length;
    const fits = fitting === rows.length ? 'yes' : fitting === 0 ? 'no' : `${fitting} of ${rows.length}`;
    const worst = rows.reduce<PolicyRow | undefined>(
      (a, b) => (a === undefined || (b.resumeDelayMs ?? -1) > (a.resumeDelayMs ?? -1) ? b : a),
      undefined,
    );
    const cells = [
      scenario.name,
      String(rows.length),
      fits,
      `${oneDecimal.format(Math.min(...shares))}%`,
      `${oneDecimal.format(shares.reduce((a, b) => a + b, 0) / shares.length)}%`,
      total((row) => row.upstream429),
      total((row) => row.upstream429Ours),
      total((row) => row.criticalHeld),
      total((row) => row.criticalHeldWithRoom),
      worst ? resumeDelay(worst) : '—',
      total((row) => row.diagnostics.sleeps ?? 0),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  const robustnessTable =
    "Headroom alone on the same scenarios with other seeds (other traffic, same rates), so that no figure above rests on one lucky draw (whether the others' load fits is computed for each seed's traffic):\n\n" +
    '| Scenario | Seeds | Others fit | Least share of bound | Mean share | Upstream 429s | Our 429s | Critical held | Critical held with room | Worst resume delay | Times asleep |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n' +
    robustness.join('\n');
  const verdict =
    misses.length === 0
      ? `Headroom meets its targets in every scenario and seed: where the others' load fits, no upstream 429, no critical call held, at least 90% of the bound; where it does not, no critical call held with room and no resume delay over ${ONE_READING_MS / 1000} s; and no baseline better on all three at once.`
      : `Headroom misses targets: ${misses.join('; ')}.`;
  return `## Throttle quality\n\nProduced by \`npm run bench:throttle\` (${oneDecimal.format(seconds)} s). ${method}\n\n${verdict}\n\n${sections.join('\n\n')}\n\n${robustnessTable}\n`;
}

/** The line under a table of a scenario with marks: Headroom's 429s from each burst to the next, seed by seed. */
function burstByBurst(headroomRows: PolicyRow[]): string {
  const seeds = headroomRows.flatMap((row) => {
    if (row.upstream429BySpan === undefined) return [];
    const spans = row.upstream429BySpan.map((count) => grouped.format(count)).join(', ');
    return [row.seed === undefined ? spans : `seed ${row.seed}: ${spans}`];
  });
  if (seeds.length === 0) return '';
  const [main, ...others] = seeds;
  const reseeds = others.length > 0 ? `; with other seeds, ${others.join('; ')}` : '';
  return `\n\nUpstream 429s burst by burst: Headroom ${main}${reseeds}.`;
}

function calls(count: number, what: string): string {
  return `${grouped.format(count)} ${what}${count === 1 ? '' : 's'}`;
}

function shareOfBound(row: PolicyRow): number {
  return row.nonCriticalBound > 0 ? (row.nonCriticalDone / row.nonCriticalBound) * 100 : 100;
}

function resumeDelay(row: PolicyRow): string {
  if (row.resumeDelayMs === undefined) return '—';
  return `${row.resumeDelayOpen ? '≥ ' : ''}${grouped.format(row.resumeDelayMs / 1000)} s`;
}

function delay(ms: number): string {
  return ms === 0 ? '0 s' : `${oneDecimal.format(ms / 1000)} s`;
}
