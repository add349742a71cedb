/**
 * The benchmark's outputs: docs/bench/throttle.json in the agreed shape, and a markdown section (one table per
 * scenario, the JSON's figures plus a few that explain them, and how everything was measured).
 */
import type { RunResult } from './simulation';
import type { Scenario } from './scenarios';

export interface PolicyRow extends RunResult {
  id: string;
  policy: string;
  nonCriticalBound: number;
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
scenario; the window starts with an hour of it. In every scenario the others alone stay under the limit, so every
429 is avoidable. Our own work is critical calls, normal calls and background jobs, each stream with a fixed number
of client threads (send, wait for the answer, take the next; after a 429, wait Retry-After, 60 s, and try the same
call again). Work still waiting at the end is not done. sleepAt is 90% (9,000).

- **Headroom**: the real engine (usage estimate, controller, gate) with the real Poller (adaptive interval; extra
  polls when the gate asks for a fresh sample before a batch). Every poll is one request of the limit. Threads ask
  the gate with a two-minute hold and come back after its Retry-After when refused.
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
reads of the counter, each a request (Headroom's extra polls in brackets).`;

/**
 * Headroom's targets, in every scenario: no upstream 429, no critical call held (none of the scenarios reaches
 * criticalStopAt), at least 90% of the bound, and no baseline better on all three at once.
 */
export function missedTargets(results: ScenarioResults[]): string[] {
  const misses: string[] = [];
  for (const { scenario, rows } of results) {
    const headroom = rows.find((row) => row.id === 'headroom');
    if (!headroom) continue;
    const miss = (what: string) => misses.push(`${scenario.name}: ${what}`);
    if (headroom.upstream429 > 0) miss(`${headroom.upstream429} upstream 429s`);
    if (headroom.criticalHeld > 0) miss(`${headroom.criticalHeld} critical calls held`);
    if (headroom.nonCriticalDone < 0.9 * headroom.nonCriticalBound) miss('non-critical work under 90% of the bound');
    for (const row of rows) {
      const better =
        row.upstream429 < headroom.upstream429 &&
        row.criticalHeld < headroom.criticalHeld &&
        row.nonCriticalDone > headroom.nonCriticalDone;
      if (row !== headroom && better) miss(`${row.policy} is better on all three`);
    }
  }
  return misses;
}

export function markdownReport(
  results: ScenarioResults[],
  reseeded: ScenarioResults[],
  seconds: number,
  misses: string[],
): string {
  const sections = results.map(({ scenario, rows }) => {
    const header =
      '| Policy | Upstream 429s | Critical held | Critical delay p99 | Non-critical done | of bound | Peak usage | Min at/above sleepAt | Polls |\n' +
      '|---|--:|--:|--:|--:|--:|--:|--:|--:|';
    const lines = rows.map((row) => {
      const share = row.nonCriticalBound > 0 ? (row.nonCriticalDone / row.nonCriticalBound) * 100 : 100;
      const { peakPercent = 0, minutesAtOrAboveSleepAt = 0, polls = 0, extraPolls = 0 } = row.diagnostics;
      const cells = [
        row.policy,
        grouped.format(row.upstream429),
        grouped.format(row.criticalHeld),
        delay(row.criticalDelayP99Ms),
        grouped.format(row.nonCriticalDone),
        `${oneDecimal.format(share)}%`,
        percentDown(peakPercent),
        oneDecimal.format(minutesAtOrAboveSleepAt),
        `${grouped.format(polls)}${extraPolls > 0 ? ` (${grouped.format(extraPolls)})` : ''}`,
      ];
      return `| ${cells.join(' | ')} |`;
    });
    const bound = rows[0]?.nonCriticalBound ?? 0;
    return `### ${scenario.name}\n\n${scenario.summary}. ${scenario.hours} simulated hours; bound ${grouped.format(bound)} non-critical calls.\n\n${header}\n${lines.join('\n')}`;
  });
  const robustness = reseeded.map(({ scenario, rows }) => {
    const shares = rows.map((row) =>
      row.nonCriticalBound > 0 ? (row.nonCriticalDone / row.nonCriticalBound) * 100 : 100,
    );
    const total = (pick: (row: PolicyRow) => number) => grouped.format(rows.reduce((sum, row) => sum + pick(row), 0));
    return `| ${scenario.name} | ${rows.length} | ${oneDecimal.format(Math.min(...shares))}% | ${oneDecimal.format(shares.reduce((a, b) => a + b, 0) / shares.length)}% | ${total((row) => row.upstream429)} | ${total((row) => row.criticalHeld)} | ${total((row) => row.diagnostics.sleeps ?? 0)} |`;
  });
  const robustnessTable =
    'Headroom alone on the same scenarios with other seeds (other traffic, same rates), so that no figure above rests on one lucky draw:\n\n' +
    '| Scenario | Seeds | Least share of bound | Mean share | Upstream 429s | Critical held | Times asleep |\n|---|--:|--:|--:|--:|--:|--:|\n' +
    robustness.join('\n');
  const verdict =
    misses.length === 0
      ? 'Headroom meets its targets in every scenario: no upstream 429, no critical call held, at least 90% of the bound, and no baseline better on all three at once.'
      : `Headroom misses targets: ${misses.join('; ')}.`;
  return `## Throttle quality\n\nProduced by \`npm run bench:throttle\` (${oneDecimal.format(seconds)} s). ${method}\n\n${verdict}\n\n${sections.join('\n\n')}\n\n${robustnessTable}\n`;
}

function delay(ms: number): string {
  return ms === 0 ? '0 s' : `${oneDecimal.format(ms / 1000)} s`;
}
