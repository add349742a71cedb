/**
 * Where a proxy process spent its CPU, from the .cpuprofile that `node --cpu-prof` wrote: self time per
 * function, the largest first, and the share of the project's own code (electron/) against Node's and the
 * libraries'. Enough to say what a gateway request costs without opening a profiler.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
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
  const sourceOf = sourceLocator();
  const selfMs = new Map<string, number>();
  let totalMs = 0;
  let ownCodeMs = 0;
  profile.samples.forEach((id, i) => {
    const callFrame = nodes.get(id)?.callFrame;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    if (!callFrame || callFrame.functionName === '(idle)') return;
    const frame = sourceOf(callFrame);
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

/**
 * The source file and line of a frame in a bundle (the benchmarks run bundles), from the bundle's source map;
 * other frames as they are.
 */
function sourceLocator() {
  const maps = new Map<string, SourceMap | undefined>();
  const mapOf = (url: string) => {
    if (!maps.has(url)) {
      const file = url.startsWith('file:') ? `${fileURLToPath(url)}.map` : undefined;
      maps.set(url, file && existsSync(file) ? new SourceMap(JSON.parse(readFileSync(file, 'utf8'))) : undefined);
    }
    return maps.get(url);
  };
  return (frame: ProfileNode['callFrame']): ProfileNode['callFrame'] => {
    const entry = mapOf(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber);
    if (!entry || !('originalSource' in entry)) return frame;
    return { ...frame, url: entry.originalSource, lineNumber: entry.originalLine };
  };
}

function shortUrl(url: string): string {
  return url.replace(/^.*?\/(electron|node_modules)\//, '$1/') || '(native)';
}
