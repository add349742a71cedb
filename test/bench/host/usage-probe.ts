/**
 * Loaded into each process the host bench starts (`node --import`), so the bench reads that process's own CPU time
 * and memory over Node's IPC channel: process.cpuUsage counts microseconds, where /proc/<pid>/stat counts 10 ms
 * ticks, too coarse for the few milliseconds an idle minute or one event costs. It tells the bench of every major
 * garbage collection as it happens, unasked, so the bench knows when V8's memory reducer has tidied up after
 * startup: asking would wake the process, and put that off. It also ends the process when the bench goes away, however it went, so no host is left
 * listening.
 */
import { constants, PerformanceObserver, type NodeGCPerformanceDetail, type PerformanceEntry } from 'node:perf_hooks';

/** A 'gc' entry: Node gives it the kind of collection, which its types leave out of PerformanceEntry. */
type GcEntry = PerformanceEntry & { detail?: NodeGCPerformanceDetail };

export interface ProbeUsage {
  /** User + system CPU time since the process started, in microseconds. */
  cpuMicros: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** The largest resident set the process has had since it started. */
  maxRssBytes: number;
  /** Major (mark-compact) garbage collections since the process started. */
  majorGcs: number;
  /** Time the main thread stood still for garbage collection since the process started, in microseconds. */
  gcPauseMicros: number;
}

export interface UsageQuestion {
  kind: 'usage';
  id: number;
}

export type ProbeMessage =
  | { kind: 'usage'; id: number; usage: ProbeUsage }
  /** `reducingMemory`: one of the memory reducer's, which V8 marks as collecting all external memory. */
  | { kind: 'major-gc'; reducingMemory: boolean };

let majorGcs = 0;
let gcPauseMicros = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    gcPauseMicros += entry.duration * 1000;
    const detail = (entry as GcEntry).detail;
    if (detail?.kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
    majorGcs++;
    const reducingMemory = (detail.flags & constants.NODE_PERFORMANCE_GC_FLAGS_ALL_EXTERNAL_MEMORY) !== 0;
    process.send?.({ kind: 'major-gc', reducingMemory } satisfies ProbeMessage);
  }
}).observe({ entryTypes: ['gc'] });

process.on('message', (message: UsageQuestion) => {
  if (message.kind !== 'usage') return;
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  const usage: ProbeUsage = {
    cpuMicros: cpu.user + cpu.system,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    majorGcs,
    gcPauseMicros: Math.round(gcPauseMicros),
  };
  process.send?.({ kind: 'usage', id: message.id, usage } satisfies ProbeMessage);
});
process.once('disconnect', () => process.exit(1));
