import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { AutotaskClient, type AutotaskClientOptions } from '../../electron/autotask';
import { demoUser, startSimulator, type Simulator, type SimulatorOptions } from '../../electron/simulator';
import { seededRandom } from '../../electron/simulator/seeded-random';

export interface Fault {
  kind: 'server-error' | 'slow' | 'timeout' | 'reset' | 'malformed-json' | 'unauthorized' | 'rate-limit';
  count?: number;
  path?: string;
  status?: number;
  delayMs?: number;
  retryAfter?: string;
}

/**
 * One simulator for a test file, reset before each test, with every Autotask request the client sends recorded
 * as "METHOD /path?query" (admin calls left out), and clients whose retry waits are recorded instead of waited.
 */
export function useSimulator(options: SimulatorOptions = { latency: false }) {
  let sim: Simulator | undefined;
  const sent: string[] = [];

  beforeAll(async () => {
    sim = await startSimulator(options);
  });
  afterAll(() => sim?.close());
  beforeEach(async () => {
    await admin('POST', 'reset');
    sent.length = 0;
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation((input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (!url.pathname.startsWith('/_sim/')) sent.push(`${init?.method ?? 'GET'} ${url.pathname}${url.search}`);
      return realFetch(input, init);
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  function simulator(): Simulator {
    if (!sim) throw new Error('the simulator is not running yet');
    return sim;
  }

  async function admin(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) {
    const response = await fetch(`${simulator().origin}/_sim/${path}`, {
      method,
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`simulator ${method} /_sim/${path} answered ${response.status}: ${text}`);
    return text === '' ? undefined : (JSON.parse(text) as Record<string, unknown>);
  }

  function clientWith(clientOptions: Partial<AutotaskClientOptions> = {}) {
    const waits: number[] = [];
    const client = new AutotaskClient({
      credentials: demoUser,
      baseUrl: simulator().baseUrl,
      random: seededRandom(5),
      sleep: async (ms) => void waits.push(ms),
      ...clientOptions,
    });
    return { client, waits };
  }

  return {
    simulator,
    sent,
    admin,
    fault: (fault: Fault) => admin('POST', 'faults', fault),
    clientWith,
  };
}

export const zoneInformationCall = `GET /ATServicesRest/V1.0/zoneInformation?user=${encodeURIComponent(demoUser.username)}`;
export const thresholdCall = 'GET /ATServicesRest/V1.0/ThresholdInformation';
