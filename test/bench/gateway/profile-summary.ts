/**
 * Where a proxy process spent its CPU, from the .cpuprofile that `node --cpu-prof` wrote: self time per
 * function, the largest first, and the share of the project's own code (electron/) against Node's and the
 * libraries'. Enough to say what a gateway request costs without opening a profiler.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  /** Self time in the project's own files (electron/**), in ms. */
  ownCodeMs: number;
  top: Array<{ function: string; where: string; selfMs: number; share: number }>;
}

export function summarizeProfile(file: string, count = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<string, number>();
  let totalMs = 0;
  let ownCodeMs = 0;
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id)?.callFrame;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    if (!frame || frame.functionName === '(idle)') return;
    totalMs += ms;
    if (frame.url.includes('/electron/')) ownCodeMs += ms;
    const key = `${frame.functionName || '(anonymous)'}\t${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
    selfMs.set(key, (selfMs.get(key) ?? 0) + ms);
  });
  const top = [...selfMs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([key, ms]) => {
      const [fn = '', where = ''] = key.split('\t');
      return { function: fn, where, selfMs: Math.round(ms), share: Math.round((ms / totalMs) * 1000) / 10 };
    });
  return { totalMs: Math.round(totalMs), ownCodeMs: Math.round(ownCodeMs), top };
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\/.*?\/(electron|node_modules)\//, '$1/') || '(native)';
}
