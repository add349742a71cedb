/**
 * The bench and the proxies it measures live in different processes, so the CPU a proxy spends is its own. This is
 * both ends of the line between them (Node's IPC channel): the bench starts a child script with its configuration,
 * waits for its base URL, asks it for its CPU time and memory, sends it commands (Wake Up) and hears its events
 * (throttle transitions); the child answers through `serveBench`.
 */
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { PerformanceObserver } from 'node:perf_hooks';
import { bundledForBench } from '../bundle';
import { root } from '../load';

export interface ProcessUsage {
  /** User + system CPU time since the process started, in microseconds. */
  cpuMicros: number;
  /** Time the main thread stood still for garbage collection since the bench began listening, in microseconds. */
  gcMicros: number;
  rssBytes: number;
  heapUsedBytes: number;
  /** The largest resident set the process has had, in bytes. */
  maxRssBytes: number;
}

export interface BenchChild {
  /** The proxy's Autotask base URL (…/ATServicesRest/). */
  baseUrl: string;
  pid: number;
  /** `collectGarbage`: a full collection first, so memory read at two times compares what is live. */
  usage(options?: { collectGarbage?: boolean }): Promise<ProcessUsage>;
  command(name: string): Promise<unknown>;
  onEvent(listener: (event: unknown) => void): void;
  /** Asks the child to shut its server down and waits for it to exit. */
  stop(): Promise<void>;
}

type Question = { kind: 'usage'; collectGarbage: boolean } | { kind: 'command'; name: string };
type ToChild = Question & { id: number };
type ToBench =
  | { kind: 'ready'; baseUrl: string }
  | { kind: 'reply'; id: number; value: unknown }
  | { kind: 'event'; event: unknown };

export interface StartOptions {
  /** Added to the child's environment (a secret goes here, never on its command line). */
  env?: Record<string, string>;
}

/** Forks test/bench/gateway/<script>.ts, bundled, with `config` and resolves once it is listening. */
export async function startBenchChild(script: string, config: object, options: StartOptions = {}): Promise<BenchChild> {
  const execArgv = ['--expose-gc'];
  const bundle = await bundledForBench(`test/bench/gateway/${script}.ts`);
  const child = fork(bundle, [JSON.stringify(config)], {
    cwd: root,
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...options.env },
  });
  const replies = new Map<number, (value: unknown) => void>();
  const listeners: Array<(event: unknown) => void> = [];
  let nextId = 0;
  const exited = once(child, 'exit');
  const ready = new Promise<string>((resolve, reject) => {
    child.on('message', (message: ToBench) => {
      if (message.kind === 'ready') resolve(message.baseUrl);
      else if (message.kind === 'reply') replies.get(message.id)?.(message.value);
      else for (const listener of listeners) listener(message.event);
    });
    void exited.then(([code]) => reject(new Error(`${script} exited (${String(code)}) before it was ready`)));
  });
  const ask = (message: Question) =>
    new Promise<unknown>((resolve) => {
      const id = nextId++;
      replies.set(id, (value) => {
        replies.delete(id);
        resolve(value);
      });
      child.send({ ...message, id });
    });
  const baseUrl = await ready;
  return {
    baseUrl,
    // Known once the child has said it is ready.
    pid: child.pid as number,
    usage: async ({ collectGarbage = false } = {}) => (await ask({ kind: 'usage', collectGarbage })) as ProcessUsage,
    command: (name) => ask({ kind: 'command', name }),
    onEvent: (listener) => listeners.push(listener),
    stop: async () => {
      child.send({ kind: 'stop' });
      await exited;
    },
  };
}

export interface Served {
  baseUrl: string;
  commands?: Record<string, () => unknown>;
  close(): Promise<void>;
}

/** The child's end: starts its server with the configuration it was given and answers the bench until told to stop. */
export async function serveBench<Config>(start: (config: Config, tell: (event: unknown) => void) => Promise<Served>) {
  gcPauses.observe({ entryTypes: ['gc'] });
  const talk = (message: ToBench) => process.send?.(message);
  const served = await start(JSON.parse(process.argv[2] ?? '{}') as Config, (event) => talk({ kind: 'event', event }));
  process.on('message', async (message: ToChild | { kind: 'stop' }) => {
    if (message.kind === 'stop') {
      await served.close();
      // The IPC channel would keep the process alive.
      process.exit(0);
    }
    const value =
      message.kind === 'usage' ? usageNow(message.collectGarbage) : await served.commands?.[message.name]?.();
    talk({ kind: 'reply', id: message.id, value });
  });
  // A bench that dies must not leave its proxies behind, listening.
  process.once('disconnect', () => process.exit(1));
  talk({ kind: 'ready', baseUrl: served.baseUrl });
}

let gcMicros = 0;
const gcPauses = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMicros += entry.duration * 1000;
});

function usageNow(collectGarbage: boolean): ProcessUsage {
  // Taken before a collection asked for here, which is the bench's, not the proxy's.
  const gcSoFar = Math.round(gcMicros);
  if (collectGarbage) globalThis.gc?.();
  const cpu = process.cpuUsage();
  const memory = process.memoryUsage();
  return {
    cpuMicros: cpu.user + cpu.system,
    gcMicros: gcSoFar,
    rssBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}
