import { describe, expect, it } from 'vitest';
import { SimulatorOptionsError, startSimulator, type SimulatorOptions } from '../../electron/simulator';
import { startTestSimulator } from './harness';

async function refusal(options: SimulatorOptions): Promise<string> {
  const error = await startSimulator(options).then(
    async (simulator) => {
      await simulator.close();
      throw new Error(`accepted ${JSON.stringify(options)}`);
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(SimulatorOptionsError);
  return (error as Error).message;
}

describe('startSimulator', () => {
  it('listens on 127.0.0.1 only, on a free port, with the base URL clients expect', async () => {
    const simulator = await startSimulator();
    try {
      expect(simulator.port).toBeGreaterThan(0);
      expect(simulator.origin).toBe(`http://127.0.0.1:${simulator.port}`);
      expect(simulator.baseUrl).toBe(`${simulator.origin}/ATServicesRest/`);
    } finally {
      await simulator.close();
    }
  });

  it('frees its port on close', async () => {
    const simulator = await startSimulator();
    await simulator.close();
    const again = await startSimulator({ port: simulator.port });
    expect(again.port).toBe(simulator.port);
    await again.close();
  });

  it('refuses options out of range, naming each', async () => {
    expect(await refusal({ limit: 0 })).toContain('limit');
    expect(await refusal({ port: 70_000 })).toContain('port');
    expect(await refusal({ timeframeMinutes: 0 })).toContain('timeframeMinutes');
    expect(await refusal({ load: 'hurricane' as never })).toContain('load');
    expect(await refusal({ users: [] })).toContain('users');
    expect(await refusal({ users: [{ username: 'a', secret: '', integrationCode: 'C' }] })).toContain('users');
    expect(await refusal({ baseLatencyMs: -1 })).toContain('baseLatencyMs');
  });
});

describe('setBackgroundLevel', () => {
  it('steers the others’ share of the window in process, as the admin API and ThresholdInformation report', async () => {
    const sim = await startTestSimulator({ limit: 1000, timeframeMinutes: 1, latency: false });
    try {
      sim.simulator.setBackgroundLevel(0.6);
      sim.clock.advance(1000);
      expect(await sim.stats()).toMatchObject({ load: 'level', backgroundWindowCount: 600 });
      expect((await sim.call('ThresholdInformation')).body).toMatchObject({ currentTimeframeRequestCount: 601 });
      await sim.admin('POST', 'load', { profile: 'quiet' });
      expect((await sim.stats()).load).toBe('quiet');
    } finally {
      await sim.close();
    }
  });
});
