/**
 * The host benchmark's markdown: the idle minute and the snapshot fan-out, each with what was run and where. Every
 * figure comes from the JSON written beside it.
 */
import type { Machine } from '../load';
import {
  CLIENTS,
  EVENTS_PER_ROUND,
  GAP_MS,
  ROUNDS,
  SETTLING_EVENTS,
  WARM_UP_EVENTS,
  type FanOutPhase,
  type FanOutResult,
} from './fan-out';
import { IDLE_MS, SAMPLE_EVERY_MS, SETTLE_MS, SETTLED_QUIET_MS, type IdleResult } from './idle';

export interface HostBench {
  /** What the host watches, as the markdown says it. */
  mode: string;
  idle: IdleResult;
  fanOut: FanOutResult;
  /** The host's exit code after SIGTERM: 0 is a clean stop. */
  exitCode: number | null;
  durationSeconds: number;
  machine: Machine;
  /** The machine's 1-minute load average before the run: other work on a small machine shows in the figures. */
  loadAverageBefore: number;
  command: string;
}

export function markdownSections(bench: HostBench): string {
  return [idleSection(bench), fanOutSection(bench)].join('\n\n');
}

function idleSection(bench: HostBench): string {
  const { idle } = bench;
  const every = SAMPLE_EVERY_MS === 1000 ? 'every second' : `every ${SAMPLE_EVERY_MS / 1000} s`;
  const rssFrom =
    idle.rssFrom === 'proc'
      ? `its resident set is read ${every} from \`/proc/<pid>/status\`, which costs it nothing`
      : `its resident set is read ${every} by the probe below, as there is no \`/proc\` here`;
  return [
    '## Headless host idle',
    '',
    `\`headroom serve\` in live mode, watching ${bench.mode}: the idle a host has most of the day, nothing calling ` +
      'through its gateway and no page open on it. The host and the simulator each run in their own process, as ' +
      `bundled JavaScript (as they ship), on loopback. ${machineLine(bench)}`,
    '',
    'The host settles first, as startup, zone discovery and the first poll are not idling, nor the tidying V8’s ' +
      'memory reducer does once the process has been quiet for some seconds (collections that give some 10 MiB ' +
      `back): ${SETTLE_MS / 1000} s, then until the probe has told of the reducer’s collections and ` +
      `\`/proc/<pid>/stat\` has counted no CPU tick of it for ${SETTLED_QUIET_MS / 1000} s; ${settledLine(idle)}. ` +
      `Then it is watched for ${IDLE_MS / 1000} s: ${rssFrom}; its CPU time (user + system) and heap are read from ` +
      'inside it at the start and the end (process.cpuUsage and process.memoryUsage, by a probe loaded with ' +
      '`node --import` and asked over Node’s IPC channel, as `/proc` counts CPU time in ticks of 10 ms). It polls a ' +
      'quiet tenant every 2 minutes or so (1/30 of the 60-minute window), so a minute holds one poll or none; this ' +
      `one held ${idle.tenantCalls}.`,
    '',
    '| figure | measured |',
    '| --- | ---: |',
    `| RSS at the start / end of the minute, MiB | ${idle.rssMiB.start} / ${idle.rssMiB.end} |`,
    `| peak RSS in the minute (${idle.samples} samples) / since the host started, MiB | ${idle.rssMiB.peak} / ${idle.highWaterMiB} |`,
    `| heap used at the start / end, MiB | ${idle.heapUsedMiB.start} / ${idle.heapUsedMiB.end} |`,
    `| CPU time in the minute (${idle.seconds} s) | ${idle.cpuMs} ms |`,
    `| CPU as a share of one core | ${percent(idle.cpuShareOfOneCore)} |`,
    `| garbage collection in the minute: major collections, main thread paused | ${idle.majorGcs}, ${idle.gcPauseMs} ms |`,
    `| polls of the tenant in the minute | ${idle.tenantCalls} |`,
    `| CPU time from the host’s start to the minute’s | ${idle.startupCpuMs} ms |`,
  ].join('\n');
}

function fanOutSection(bench: HostBench): string {
  const { fanOut } = bench;
  const { withoutClients, withClients } = fanOut;
  const unprompted = withClients.unprompted ?? 0;
  const { mean, low, high } = fanOut.fanOutMicrosPerEvent;
  return [
    `## Snapshot event to ${CLIENTS} SSE clients`,
    '',
    `The same host, then: what one snapshot event costs it with ${CLIENTS} clients on \`/api/events\`, as with ` +
      `${CLIENTS} browser tabs or dashboards open on it. A snapshot event is ${fanOut.eventBytes} bytes on the ` +
      `stream. ${machineLine(bench)}`,
    '',
    'Each event is caused by moving sleepAt by one point through the contract (`POST /api/updateThresholds` with ' +
      'the launch token), as a change of settings is told to the streams at once, before the request is answered ' +
      `(figures moved by a poll or a gateway call are told at most once a second); ${GAP_MS} ms between events. ` +
      `${ROUNDS} rounds, each of ${EVENTS_PER_ROUND} events with no client, then ${EVENTS_PER_ROUND} with ` +
      `${CLIENTS} clients, after ${SETTLING_EVENTS} unmeasured ones (${WARM_UP_EVENTS} in the first round). The ` +
      'clients are plain sockets in the bench’s process, which does nothing else while an event is on its way, ' +
      'each noting when the event’s bytes reach it before it parses anything, so that the spread is the host’s and ' +
      'not the reader’s. The spread is the time from the first client receiving an event to the last. CPU per ' +
      'event is the host’s CPU time (user + system, from inside its process) over the events, divided by their ' +
      'number: without clients, what the request, the settings and the snapshot cost, whoever listens; the ' +
      'difference, round by round, is the fan-out.',
    '',
    '| clients | events | first → last client, p50 / p99 / max ms | request sent → last client, p50 / p99 ms | host CPU per event (rounds: lowest to highest) | tenant polls meanwhile |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    phaseRow(withoutClients),
    phaseRow(withClients),
    '',
    `Fan-out to ${CLIENTS} clients: ${mean} µs of the host’s CPU per event (95% interval ${low} to ${high} µs over ` +
      `the ${ROUNDS} rounds), about ${Math.round(mean / CLIENTS)} µs per client. ` +
      (unprompted > 0 ? `Each client also had ${unprompted} snapshot events the bench did not cause (polls). ` : '') +
      `The host’s RSS afterwards: ${fanOut.rssMiBAfter} MiB; it stopped on SIGTERM with exit code ` +
      `${String(bench.exitCode)}.`,
  ].join('\n');
}

function settledLine(idle: IdleResult): string {
  const seconds = Math.round(idle.settleSeconds);
  return idle.settled
    ? `here that took ${seconds} s`
    : `here V8 had not tidied up, or the host was not quiet, after ${seconds} s, and the minute was measured anyway`;
}

function phaseRow(phase: FanOutPhase): string {
  const spread = phase.spread ? `${phase.spread.p50Ms} / ${phase.spread.p99Ms} / ${phase.spread.maxMs}` : '—';
  const toLast = phase.changeToLast ? `${phase.changeToLast.p50Ms} / ${phase.changeToLast.p99Ms}` : '—';
  const rounds = phase.roundsCpuMicrosPerEvent;
  const cpu = `${phase.cpuMicrosPerEvent} µs (${Math.min(...rounds)} to ${Math.max(...rounds)})`;
  return `| ${phase.clients} | ${phase.events} | ${spread} | ${toLast} | ${cpu} | ${phase.tenantCalls} |`;
}

function machineLine(bench: HostBench): string {
  const { machine } = bench;
  return (
    `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}, load average ${bench.loadAverageBefore} ` +
    `before the run; \`${bench.command}\` (${bench.durationSeconds} s).`
  );
}

function percent(share: number): string {
  return `${Math.round(share * 100 * 1000) / 1000}%`;
}
