/**
 * What Linux tells about a process in /proc/<pid>/, read from outside it: reading costs the process nothing, where
 * asking its probe wakes it up (and an answer every second would be much of an idle host's CPU, and put off the
 * tidying V8 does once a process has been quiet for a while). None of it where there is no /proc.
 */
import { readFile } from 'node:fs/promises';

/** VmRSS (resident now) and VmHWM (the largest resident set since it started), in bytes. */
export async function procMemory(pid: number): Promise<{ rssBytes: number; highWaterBytes: number } | undefined> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => undefined);
  const kibibytes = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(status ?? '')?.[1]);
  const [rss, highWater] = [kibibytes('VmRSS'), kibibytes('VmHWM')];
  if (!Number.isFinite(rss) || !Number.isFinite(highWater)) return undefined;
  return { rssBytes: rss * 1024, highWaterBytes: highWater * 1024 };
}

/**
 * User + system CPU time of all its threads, in clock ticks (usually 10 ms): too coarse to measure an idle minute
 * by, fine for telling whether it is busy.
 */
export async function procCpuTicks(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  // The fields after the command, which is in parentheses and may hold spaces: state, ppid, … utime (14), stime (15).
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields?.[11]) + Number(fields?.[12]);
  return Number.isFinite(ticks) ? ticks : undefined;
}
