/**
 * Which cores the overhead bench's processes run on. Autotask answers from machines of its own; here its stand-in,
 * the load and the proxy being measured share one small machine, and on 2 cores three busy processes take turns:
 * the queue for a core, not the proxy, then makes the latency tail, and a proxy that spends a little more CPU pays
 * for it twice. So the proxy gets a core to itself and the simulator and the load share the rest, pinned with
 * taskset (util-linux). Where that is not possible, everything shares every core and the report says why.
 */
import { execFileSync } from 'node:child_process';

export type CoreSplit =
  | { pinned: true; /** cpu lists as taskset takes them */ proxy: string; rest: string; all: string }
  | { pinned: false; why: string };

/** Splits the cores this process may run on: the last one for the proxy, the others for the rest. */
export function splitCores(): CoreSplit {
  let allowed: number[];
  try {
    allowed = cpuList(execFileSync('taskset', ['-c', '-p', String(process.pid)], { encoding: 'utf8' }));
  } catch {
    return { pinned: false, why: 'taskset (util-linux) is not available' };
  }
  if (allowed.length < 2) return { pinned: false, why: `only ${allowed.length} core is available` };
  return {
    pinned: true,
    proxy: String(allowed.at(-1)),
    rest: allowed.slice(0, -1).join(','),
    all: allowed.join(','),
  };
}

/** Pins every thread of process `pid` to the cores in `cpus`; the threads it starts later inherit it. */
export function pin(pid: number, cpus: string): void {
  execFileSync('taskset', ['-a', '-c', '-p', cpus, String(pid)], { stdio: 'ignore' });
}

/** The cores in taskset's "pid 42's current affinity list: 0-2,5" as numbers: 0, 1, 2, 5. */
export function cpuList(tasksetOutput: string): number[] {
  const list = tasksetOutput.slice(tasksetOutput.lastIndexOf(':') + 1).trim();
  return list.split(',').flatMap((part) => {
    const [first, last = first] = part.split('-').map(Number) as [number, number?];
    return Array.from({ length: last - first + 1 }, (_, i) => first + i);
  });
}
