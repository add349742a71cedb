import { describe, expect, it } from 'vitest';
import { errorsOf, send, startProbe, ticketQuery, useGatewayFixture } from './harness';

const { gateway, simStats, onCleanup } = useGatewayFixture();

describe('X-Headroom-Priority', () => {
  it('is normal when absent, read in any letter case, and passed to the gate', async () => {
    const { api, gate, records } = await gateway();
    await send(api('Tickets/query'), ticketQuery());
    await send(api('Tickets/query'), ticketQuery({ 'X-Headroom-Priority': ' CRITICAL ' }));
    await send(api('Tickets/query'), ticketQuery({ 'X-Headroom-Priority': 'Background' }));
    expect(gate.requests.map((request) => request.priority)).toEqual(['normal', 'critical', 'background']);
    expect(records.map((record) => record.priority)).toEqual(['normal', 'critical', 'background']);
  });

  it('is not sent on to Autotask, nor is any other X-Headroom- header', async () => {
    const probe = await startProbe((call) => call.answer(200, '{}'));
    onCleanup(() => probe.close());
    const { api } = await gateway({ zoneUrl: async () => probe.baseUrl });
    await send(api('Tickets/query'), ticketQuery({ 'X-Headroom-Priority': 'critical', 'x-headroom-tag': 'nightly' }));
    expect(Object.keys(probe.calls[0]?.headers ?? {}).filter((name) => name.startsWith('x-headroom'))).toEqual([]);
    expect(probe.calls[0]?.headers['apiintegrationcode']).toBeDefined();
  });

  it('with any other value is a 400 in Autotask’s shape that names the allowed values, and nothing is sent', async () => {
    const { api, gate, records } = await gateway();
    for (const [value, shown] of [
      ['urgent', 'urgent'],
      ['', ''],
      ['critical, normal', 'critical, normal'],
    ]) {
      const answer = await send(api('Tickets/query'), ticketQuery({ 'X-Headroom-Priority': value as string }));
      expect(answer.status).toBe(400);
      expect(errorsOf(answer)).toEqual([
        `X-Headroom-Priority must be critical, normal or background (got "${shown}").`,
      ]);
    }
    expect(gate.requests).toEqual([]);
    expect(records).toEqual([]);
    expect((await simStats()).totalRequests).toBe(0);
  });
});
