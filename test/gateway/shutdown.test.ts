import { describe, expect, it } from 'vitest';
import { startGateway } from '../../electron/gateway';
import { errorsOf, send, startProbe, TestGate, ticketQuery, useGatewayFixture } from './harness';

const { gateway, onCleanup } = useGatewayFixture();

async function probeGateway() {
  const probe = await startProbe();
  onCleanup(() => probe.close());
  return { probe, ...(await gateway({ zoneUrl: async () => probe.baseUrl })) };
}

describe('closing the gateway', () => {
  it('answers every waiting call 429 at once, lets calls in flight finish, and takes no new ones', async () => {
    const { probe, gw, gate, api, records, untilRecords } = await probeGateway();
    gate.hold('background');
    const inFlight = [1, 2, 3].map(() => send(api('Tickets/query'), ticketQuery()));
    await probe.until(3);
    const waitingForSlot = send(api('Tickets/query'), ticketQuery());
    const waitingForGate = send(api('Tickets/query'), ticketQuery({ 'X-Headroom-Priority': 'background' }));
    await gate.until(5, 1);

    const closed = gw.close({ graceMs: 10_000 });
    for (const answer of await Promise.all([waitingForSlot, waitingForGate])) {
      expect(answer.status).toBe(429);
      expect(answer.headers['retry-after']).toBe('5');
      expect(answer.headers.connection).toBe('close');
      expect(errorsOf(answer)[0]).toMatch(/^Headroom’s gateway is shutting down; the call was not sent\./);
    }
    await expect(send(api('Tickets/query'), ticketQuery())).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    for (const call of probe.calls) call.answer(200, '{"items":[]}');
    expect((await Promise.all(inFlight)).map((answer) => answer.status)).toEqual([200, 200, 200]);
    await closed;
    await untilRecords(5);
    expect(records.map((record) => record.outcome).sort()).toEqual([
      'forwarded',
      'forwarded',
      'forwarded',
      'refused',
      'refused',
    ]);
    expect(probe.calls).toHaveLength(3);
  });

  it('answers a call still waiting for the tenant’s zone 429 at once, without waiting for the lookup', async () => {
    let lookupStarted = () => {};
    const asked = new Promise<void>((resolve) => (lookupStarted = resolve));
    const { gw, api } = await gateway({
      zoneUrl: () => {
        lookupStarted();
        return new Promise<string>(() => {});
      },
    });
    const call = send(api('Tickets/query'), ticketQuery());
    await asked;
    await gw.close({ graceMs: 60_000 });
    const answer = await call;
    expect(answer.status).toBe(429);
    expect(errorsOf(answer)[0]).toMatch(/^Headroom’s gateway is shutting down; the call was not sent\./);
  });

  it('cuts what is still in flight after the grace period, with a 503 that says so, and frees its port', async () => {
    const { probe, gw, api } = await probeGateway();
    const stuck = send(api('Tickets/query'), ticketQuery());
    await probe.until(1);
    await gw.close({ graceMs: 50 });
    const answer = await stuck;
    expect(answer.status).toBe(503);
    expect(errorsOf(answer)).toEqual([
      'Headroom’s gateway shut down before Autotask answered; the call may or may not have been carried out.',
    ]);
    const throttle = new TestGate();
    onCleanup(() => throttle.close());
    const again = await startGateway({ throttle, zoneUrl: async () => probe.baseUrl, port: gw.port });
    await again.close();
  });
});
