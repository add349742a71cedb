/**
 * The host's footprint on a quiet day: nothing calls through its gateway, no page is open on it, and the tenant's
 * other integrations are still. It settles first: startup, zone discovery and the first poll are not idling, nor is
 * the tidying V8's memory reducer does once the process has been quiet for some seconds after startup (collections
 * that give some 10 MiB back to the system, near 100 ms of CPU, 8 s or a multiple of it after the last major
 * collection, depending on what woke the process meanwhile): a fixed 10 s caught it in one trial run and not in the
 * next. So the host settles for 10 s, then until the probe has told of the reducer's collections and /proc shows
 * it idle for a few seconds. Then for a minute its resident set is read every second from /proc, which costs it
 * nothing; its CPU time, which /proc counts in ticks too coarse for an idle minute's few milliseconds, is read from
 * inside (usage-probe.ts) at the start and the end only. Where there is no /proc, the probe is asked every second,
 * the host is taken as idle once V8 has tidied up, and the report says so.
 */
import { round } from '../load';
import { pause } from './pause';
import type { ProbedProcess } from './probed-process';
import { procCpuTicks, procMemory } from './proc-status';

export const SETTLE_MS = 10_000;
/** After SETTLE_MS, the host is settled once V8's memory reducer has run and /proc has counted no CPU tick... */
export const SETTLED_QUIET_MS = 5_000;
const SETTLE_CHECK_MS = 500;
/** ...or when this much more has passed, settled or not (the report says which). */
export const SETTLE_MORE_MS = 30_000;
export const IDLE_MS = 60_000;
export const SAMPLE_EVERY_MS = 1_000;

export interface IdleResult {
  /** From the host being ready (a moment after it printed its addresses) to the start of the idle minute. */
  settleSeconds: number;
  /** Whether V8 had tidied up and the host was quiet (SETTLED_QUIET_MS) in the end, or not after SETTLE_MORE_MS. */
  settled: boolean;
  /** The host's CPU time from its start to the start of the idle minute: starting, its first poll, settling. */
  startupCpuMs: number;
  seconds: number;
  /** Where the resident set was read: /proc/<pid>/status, or the probe in the process where there is no /proc. */
  rssFrom: 'proc' | 'probe';
  samples: number;
  rssMiB: { start: number; end: number; peak: number };
  /** The largest resident set since the process started (VmHWM, or the probe's maxRSS). */
  highWaterMiB: number;
  heapUsedMiB: { start: number; end: number };
  cpuMs: number;
  /** Major garbage collections in the minute, and the time the main thread stood still for any collection. */
  majorGcs: number;
  gcPauseMs: number;
  /** CPU time over wall time: 1 is one core busy the whole minute. */
  cpuShareOfOneCore: number;
  /** Calls the tenant (the simulator) counted in the minute: the host's polls, as nothing else calls it. */
  tenantCalls: number;
}

/** `tenantCalls()` reads the simulator's count of calls so far. */
export async function measureIdle(host: ProbedProcess, tenantCalls: () => Promise<number>): Promise<IdleResult> {
  const readyAt = performance.now();
  const settled = await settle(host);
  const settleSeconds = (performance.now() - readyAt) / 1000;
  const fromProc = (await procMemory(host.pid)) !== undefined;
  const rssNow = async () => (fromProc ? ((await procMemory(host.pid))?.rssBytes ?? 0) : (await host.usage()).rssBytes);
  const callsBefore = await tenantCalls();
  const startedAt = performance.now();
  const first = await host.usage();
  const rss = [fromProc ? await rssNow() : first.rssBytes];
  for (let next = SAMPLE_EVERY_MS; next < IDLE_MS; next += SAMPLE_EVERY_MS) {
    // On a schedule from the start, so the time each reading takes does not stretch the minute.
    await pause(startedAt + next - performance.now());
    rss.push(await rssNow());
  }
  await pause(startedAt + IDLE_MS - performance.now());
  const last = await host.usage();
  const seconds = (performance.now() - startedAt) / 1000;
  rss.push(fromProc ? await rssNow() : last.rssBytes);
  const highWater = fromProc ? ((await procMemory(host.pid))?.highWaterBytes ?? 0) : last.maxRssBytes;
  const callsAfter = await tenantCalls();
  const cpuMs = (last.cpuMicros - first.cpuMicros) / 1000;
  return {
    settleSeconds: round(settleSeconds),
    settled,
    startupCpuMs: round(first.cpuMicros / 1000),
    seconds: round(seconds),
    rssFrom: fromProc ? 'proc' : 'probe',
    samples: rss.length,
    rssMiB: {
      start: mebibytes(rss[0] ?? 0),
      end: mebibytes(rss[rss.length - 1] ?? 0),
      peak: mebibytes(Math.max(...rss)),
    },
    highWaterMiB: mebibytes(highWater),
    heapUsedMiB: { start: mebibytes(first.heapUsedBytes), end: mebibytes(last.heapUsedBytes) },
    cpuMs: round(cpuMs),
    majorGcs: last.majorGcs - first.majorGcs,
    gcPauseMs: round((last.gcPauseMicros - first.gcPauseMicros) / 1000),
    cpuShareOfOneCore: Math.round((cpuMs / 1000 / seconds) * 1e6) / 1e6,
    tenantCalls: callsAfter - callsBefore,
  };
}

/** Waits SETTLE_MS, then until V8 has tidied up and the host is quiet (SETTLED_QUIET_MS); false if not in time. */
async function settle(host: ProbedProcess): Promise<boolean> {
  await pause(SETTLE_MS);
  const giveUpAt = performance.now() + SETTLE_MORE_MS;
  let ticks = await procCpuTicks(host.pid);
  let quietSince = performance.now();
  const settled = () => host.memoryReducedAt !== undefined && performance.now() - quietSince >= SETTLED_QUIET_MS;
  while (!settled()) {
    if (performance.now() >= giveUpAt) return false;
    await pause(SETTLE_CHECK_MS);
    const now = await procCpuTicks(host.pid);
    if (now !== ticks) quietSince = performance.now();
    ticks = now;
  }
  return true;
}

function mebibytes(bytes: number): number {
  return round(bytes / 2 ** 20);
}
