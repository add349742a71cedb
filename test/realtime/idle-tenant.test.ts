/**
 * Case 2, "slowed on an idle tenant": with nobody else calling, far below every threshold, the gateway adds no
 * wait a user can notice. A script goes at the pace Autotask answers.
 */
import { describe, expect, it } from 'vitest';
import { demoUser } from '../../electron/simulator';
import {
  ApiClient,
  batchThroughGateway,
  scriptBatch,
  describeTransitions,
  gatewayFigures,
  modeChanges,
  report,
  runBatch,
  scaleB,
  startHost,
  startTenant,
} from './harness';

describe('slowed on an idle tenant', () => {
  it('B (10,000 per 60 min): 1,000 normal calls, 3 at a time, keep the pace of the same calls direct', async () => {
    const tenant = await startTenant(scaleB);
    // A second, identical tenant for the direct run, so the gateway's tenant stays idle: nobody else calls it.
    const reference = await startTenant(scaleB);
    const host = await startHost(tenant);
    const { baseUrl, transitions } = host;
    const t0 = Date.now();

    // First the same 1,000 calls direct: the pace Autotask answers at, on this machine, now.
    const directBatch = await runBatch(new ApiClient(reference.sim.baseUrl, demoUser), scriptBatch);
    const referenceStats = await reference.stats();

    const allowedMs = 1.3 * directBatch.elapsedMs + 2_000;
    const script = new ApiClient(baseUrl, demoUser);
    const { kinds, slowest, figures, viaGateway } = await batchThroughGateway(script, directBatch, allowedMs);
    const end = await tenant.stats();

    report('2 idle-tenant (10000/60min)', {
      ...figures,
      "others' 429s": 'n/a (nobody else)',
      'real count at end': `${end.windowCount}/10000 (ours ${end.byIntegrationCode[demoUser.integrationCode] ?? 0})`,
      gateway: gatewayFigures(host),
      transitions: describeTransitions(transitions, t0),
    });

    // The harness works: the direct run was answered and counted in full.
    expect(directBatch.results.filter((r) => r.kind !== 'ok')).toEqual([]);
    expect(referenceStats.byIntegrationCode[demoUser.integrationCode]).toBe(1_000);
    // Nobody but us on the gateway's tenant.
    expect(Object.keys(end.byIntegrationCode)).toEqual([demoUser.integrationCode]);

    expect.soft(kinds.ok, 'all 1,000 answered, none 429').toBe(1_000);
    expect.soft(viaGateway.elapsedMs, 'the pace of direct calls').toBeLessThanOrEqual(allowedMs);
    expect.soft(slowest, 'no call held more than 1 s').toBeLessThanOrEqual(1_000);
    expect
      .soft(
        modeChanges(transitions).map((t) => `${t.from}->${t.to}: ${t.reason}`),
        'at 10%',
      )
      .toEqual([]);
  }, 90_000);
});
