import { describe, expect, it } from 'vitest';
import { AutotaskClient } from '../../../electron/autotask';
import { systemClock } from '../../../electron/core/clock';
import { startDemoTenant } from '../../../electron/service/demo/demo-tenant';

describe('the demo tenant', () => {
  it('is the embedded simulator on 127.0.0.1, watched with the demo credentials at 1,000 calls a minute', async () => {
    const tenant = await startDemoTenant();
    try {
      expect(tenant.autotaskBaseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ATServicesRest\/$/);
      expect(tenant.autotaskBaseUrl).toBe(tenant.simulator.baseUrl);
      const client = new AutotaskClient({
        credentials: tenant.credentials,
        baseUrl: tenant.autotaskBaseUrl,
        clock: systemClock,
      });
      expect(await client.thresholdInformation()).toEqual({ used: 1, limit: 1000, timeframeMinutes: 1 });
    } finally {
      await tenant.stop();
    }
    await expect(fetch(tenant.autotaskBaseUrl)).rejects.toThrow();
  });
});
