/**
 * The gateway benchmark's markdown: the overhead table with its target, and the soak's checks, per-priority
 * figures, memory and throttle states. Every figure comes from the JSON written beside it.
 */
import { round, type Machine } from '../load';
import {
  CONNECTIONS,
  MEASURE_MS,
  PROCESS_WARM_UP_MS,
  ROUNDS,
  UPSTREAM_LATENCY_MS,
  WARM_UP_MS,
  users,
  type PathResult,
} from './overhead';
import type { AnswerTimes, SoakResult } from './soak';

export interface TargetCheck {
  target: string;
  measured: string;
  met: boolean;
}

export interface GatewayBench {
  overhead?: { results: PathResult[]; target: TargetCheck };
  soak?: SoakResult;
  machine: Machine;
  /** The machine's 1-minute load average before the run: other work on a 2-core machine shows in the figures. */
  loadAverageBefore: number;
  command: string;
}

/** The only target the gateway is held to: at 50 ms answers, its throughput within 0.95 of direct calls'. */
export function checkTarget(results: readonly PathResult[]): TargetCheck {
  const direct = results.find((row) => row.path === 'direct');
  const gateway = results.find((row) => row.path === 'gateway');
  if (!direct || !gateway) throw new Error('the overhead run measured no direct or no gateway calls');
  const share = gateway.rps / direct.rps;
  return {
    target: `${UPSTREAM_LATENCY_MS} ms upstream: gateway throughput ≥ 95% of direct`,
    measured: `${percent(share)} (${gateway.rps} vs ${direct.rps} requests/s)`,
    met: share >= 0.95,
  };
}

export function markdownSections(bench: GatewayBench): string {
  return [bench.overhead && overheadSection(bench, bench.overhead), bench.soak && soakSection(bench, bench.soak)]
    .filter((section): section is string => Boolean(section))
    .join('\n\n');
}

function overheadSection(bench: GatewayBench, overhead: NonNullable<GatewayBench['overhead']>): string {
  const direct = overhead.results.find((row) => row.path === 'direct');
  const lines = [
    '## Gateway overhead',
    '',
    `A ticket query (\`POST Tickets/query\`, MaxRecords 50: 50 tickets, about 24 KB, whose page URL the gateway ` +
      `rewrites) from ${CONNECTIONS} concurrent keep-alive connections (${users.length} API users, at most 3 connections each, ` +
      'as Autotask allows 3 calls in flight per integration code and entity), direct to the simulator and through ' +
      'the gateway (Monitor + gateway as `headroom gateway` composes them, normal state: a limit no run comes near), ' +
      `the simulator answering in ${UPSTREAM_LATENCY_MS} ms. The simulator and the gateway each run in their own process, the load in the ` +
      `bench process. The gateway is first warmed up with ${PROCESS_WARM_UP_MS / 1000} s of calls; then each path runs ` +
      `${ROUNDS} rounds of ${MEASURE_MS / 1000} s after ${WARM_UP_MS / 1000} s of warm-up, the paths in turn. ` +
      `${machineLine(bench)}`,
    '',
    '| path | requests/s | p50 ms | p99 ms | added p50 / p99 ms | non-200 |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of overhead.results) lines.push(overheadRow(row, direct));
  const { target, measured, met } = overhead.target;
  lines.push(
    '',
    '| target | measured | met |',
    '| --- | --- | --- |',
    `| ${target} | ${measured} | ${met ? 'yes' : '**no**'} |`,
  );
  return lines.join('\n');
}

function overheadRow(row: PathResult, direct: PathResult | undefined): string {
  const added =
    row.path === 'direct' || !direct
      ? '—'
      : `${signed(round(row.p50Ms - direct.p50Ms))} / ${signed(round(row.p99Ms - direct.p99Ms))}`;
  return `| ${row.path} | ${row.rps} | ${row.p50Ms} | ${row.p99Ms} | ${added} | ${row.failures} |`;
}

function soakSection(bench: GatewayBench, soak: SoakResult): string {
  const s = soak.settings;
  const memory = soak.memory.samples;
  const [first, second, last] = [memory[0], memory[1], memory[memory.length - 1]];
  const lines = [
    '## Soak',
    '',
    `${soak.sent.toLocaleString('en')} calls from ${s.clients} clients (${s.integrations} API users on four entities; ` +
      'one client in ten critical, five normal, four background) through the gateway, on a schedule spreading ' +
      `them over ${s.scheduleSeconds} s, each client catching up at once when held back, never backing off. ` +
      `The tenant is scaled so its hour is a minute: ${s.limit.toLocaleString('en')} calls per ` +
      `${s.timeframeMinutes}-minute window (Autotask's 10,000 an hour with time 60 times faster and the limit ` +
      `doubled, as near the thresholds the gate releases at most 1% of the limit per usage sample), maxHoldSeconds ${s.maxHoldSeconds}, ` +
      `Wake Up grace ` +
      `${s.wakeGraceSeconds} s, the other thresholds at their defaults (criticalStopAt 98%). The other ` +
      "integrations, booked through the simulator's admin API: a steady 65% of the limit, a surge of " +
      `${s.othersSurgeShare * 100}% once the throttle slows; Wake Up by monitor.wakeUp() in the gateway’s process 5 s ` +
      `after it falls asleep; 3 s later a second surge to ${s.peakShare * 100}%, past criticalStopAt, for 8 s; then ` +
      'quiet, so the window drains. Simulator, gateway and clients in separate processes, loopback only, ' +
      `${soak.durationSeconds} s. ${machineLine(bench)}`,
    '',
    '| check | measured | target |',
    '| --- | ---: | ---: |',
    `| calls sent | ${soak.sent} | ${s.requests} |`,
    `| calls without an answer | ${soak.withoutAnswer} | 0 |`,
    `| answers later than maxHoldSeconds + 1 s (${s.maxHoldSeconds + 1} s) | ${soak.lateAnswers} | 0 |`,
    `| critical calls refused below criticalStopAt (${s.criticalStopAt}) | ${soak.byPriority.critical.refusedBelowCriticalStop} | 0 |`,
    `| upstream 429s (simulator's served429 + thread-limit rejections) | ${soak.upstream.served429 + soak.upstream.threadRejections} | 0 |`,
    `| gateway RSS MiB: idle start, after 10 s, end (peak) | ${first?.rssMiB}, ${second?.rssMiB}, ${last?.rssMiB} (${soak.memory.peakRssMiB}) | flat |`,
    `| gateway heap used MiB after GC: idle start, after 10 s, end | ${first?.heapUsedMiB}, ${second?.heapUsedMiB}, ${last?.heapUsedMiB} | flat |`,
    '',
    '| priority | sent | forwarded | refused (429) | forwarded: answer p50 / p99 / max ms | refused: answer p50 / max ms |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const priority of ['critical', 'normal', 'background'] as const) {
    const counts = soak.byPriority[priority];
    const times = soak.answerTimes[priority];
    lines.push(
      `| ${priority} | ${counts.sent} | ${counts.forwarded} | ${counts.refused} | ${spread(times.forwarded)} | ` +
        `${times.refused.count > 0 ? `${times.refused.p50Ms} / ${times.refused.maxMs}` : '—'} |`,
    );
  }
  lines.push('', '| s | throttle state (or the bench’s action) | cause | reason |', '| ---: | --- | --- | --- |');
  const events = [
    ...soak.transitions.map((t) => ({
      at: t.atSeconds,
      text: `${t.from} → ${t.to}`,
      cause: t.cause,
      reason: t.reason,
    })),
    ...soak.actions.map((a) => ({ at: a.atSeconds, text: `*${a.action}*`, cause: '', reason: '' })),
  ].sort((a, b) => a.at - b.at);
  for (const event of events) lines.push(`| ${event.at} | ${event.text} | ${event.cause} | ${event.reason} |`);
  return lines.join('\n');
}

function spread(times: AnswerTimes): string {
  return times.count > 0 ? `${times.p50Ms} / ${times.p99Ms} / ${times.maxMs}` : '—';
}

function machineLine(bench: GatewayBench): string {
  const { machine } = bench;
  return (
    `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load average ${bench.loadAverageBefore} before ` +
    `the run; \`${bench.command}\`.`
  );
}

function percent(share: number): string {
  return `${Math.round(share * 1000) / 10}%`;
}

function signed(value: number): string {
  return value > 0 ? `+${value}` : String(value);
}
