import { describe, expect, it } from 'vitest';
import { send, startProbe, useGatewayFixture } from './harness';

const { gateway, onCleanup } = useGatewayFixture();

/** 8 KB: what anyone on the machine can put in a header, no secret needed. */
const longName = (i: number, fill: string) => `${i}-`.padEnd(8_000, fill);

describe('integration codes and API usernames a caller sends', () => {
  it('are forwarded as they came but counted, recorded and logged under at most 128 characters and 101 names', async () => {
    const probe = await startProbe((call) => call.answer(200, '{"item":null}'));
    onCleanup(() => probe.close());
    const { gw, api, records, untilRecords, lines } = await gateway({ zoneUrl: async () => probe.baseUrl });
    const calls = 150;
    for (let i = 0; i < calls; i++) {
      const answer = await send(api('Tickets/1'), {
        headers: { ApiIntegrationCode: longName(i, 'c'), UserName: longName(i, 'u'), Secret: 's' },
      });
      expect(answer.status).toBe(200);
    }
    await untilRecords(calls);
    expect(probe.calls[0]?.headers['apiintegrationcode']).toBe(longName(0, 'c'));

    const stats = gw.stats();
    expect(stats.forwarded).toBe(calls);
    const names = Object.keys(stats.byIntegration);
    expect(names).toHaveLength(101);
    expect(names).toContain('(others)');
    expect(names).toContain(`${longName(0, 'c').slice(0, 127)}…`);
    for (const name of names) expect(name.length).toBeLessThanOrEqual(128);
    // What the snapshot and /metrics are made of: some 20 KB, where the names as sent made 800 KB.
    expect(JSON.stringify(stats).length).toBeLessThan(25_000);

    for (const record of records) {
      expect(record.integrationCode.length).toBeLessThanOrEqual(128);
      expect(record.apiUser?.length).toBeLessThanOrEqual(128);
    }
    for (const line of lines) expect(line.length).toBeLessThan(400);
  });
});
