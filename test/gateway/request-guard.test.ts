import { describe, expect, it } from 'vitest';
import { authHeaders, errorsOf, send, ticketQuery, useGatewayFixture } from './harness';

const { gateway, simStats } = useGatewayFixture();

describe('calls from web pages', () => {
  it('are refused with 403 when they carry an Origin header, and never forwarded', async () => {
    const { api } = await gateway();
    const answer = await send(api('Tickets/query'), ticketQuery({ Origin: 'https://evil.example' }));
    expect(answer.status).toBe(403);
    expect(errorsOf(answer)).toEqual([
      'Headroom’s gateway does not take calls from web pages (the request has an Origin header).',
    ]);
    expect(answer.headers['x-headroom-state']).toBe('normal');
    expect((await simStats()).totalRequests).toBe(0);
  });

  it('are refused when a browser marks them as coming from a site (an <img> carries no Origin)', async () => {
    const { api } = await gateway();
    const answer = await send(api('Tickets/1'), { headers: { ...authHeaders, 'Sec-Fetch-Site': 'cross-site' } });
    expect(answer.status).toBe(403);
    expect(errorsOf(answer)[0]).toContain('Sec-Fetch-Site: cross-site');
  });

  it('are refused when addressed by another name, as after DNS rebinding, or to another port', async () => {
    const { api, gw } = await gateway();
    for (const host of [`evil.example:${gw.port}`, `127.0.0.1:${gw.port + 1}`, '127.0.0.1']) {
      const answer = await send(api('Tickets/1'), { headers: { ...authHeaders, Host: host } });
      expect(answer.status, host).toBe(403);
      expect(errorsOf(answer)[0], host).toBe(
        `Headroom’s gateway answers only calls addressed to 127.0.0.1:${gw.port} or localhost:${gw.port} (the Host was "${host}").`,
      );
    }
    expect((await simStats()).totalRequests).toBe(0);
  });

  it('are refused when they name no host at all', async () => {
    const { api } = await gateway();
    const answer = await send(api('Tickets/1'), { headers: [...Object.entries(authHeaders).flat()] });
    expect(answer.status).toBe(403);
    expect(errorsOf(answer)[0]).toContain('(the Host was missing)');
  });
});

describe('calls from scripts', () => {
  it('are taken by 127.0.0.1 or localhost, and from Node’s fetch (which sends Sec-Fetch-Mode)', async () => {
    const { api, gw } = await gateway();
    const byName = await send(api('Tickets/1'), { headers: { ...authHeaders, Host: `LocalHost:${gw.port}` } });
    expect(byName.status).toBe(200);
    const byFetch = await fetch(api('Tickets/1'), { headers: authHeaders });
    expect(byFetch.status).toBe(200);
    expect(await byFetch.json()).toHaveProperty('item');
  });
});
