import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { AutotaskError } from '../../electron/autotask';
import { authHeaders, errorsOf, send, startProbe, ticketQuery, useGatewayFixture } from './harness';

const { gateway, fault, simStats, simulator, onCleanup } = useGatewayFixture();

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('when Autotask cannot be reached', () => {
  it('answers 502 in Autotask’s shape when the connection is reset', async () => {
    const { api } = await gateway();
    await fault({ kind: 'reset' });
    const answer = await send(api('Tickets/query'), ticketQuery());
    expect(answer.status).toBe(502);
    expect(errorsOf(answer)).toEqual([
      `The connection to Autotask (127.0.0.1:${simulator().port}) was cut before it answered (ECONNRESET); the call may or may not have been carried out.`,
    ]);
    expect(answer.headers['x-headroom-state']).toBe('normal');
  });

  it('answers 502 when the zone refuses the connection', async () => {
    const port = await closedPort();
    const { api } = await gateway({ zoneUrl: async () => `http://127.0.0.1:${port}/ATServicesRest/` });
    const answer = await send(api('Tickets/query'), ticketQuery());
    expect(answer.status).toBe(502);
    expect(errorsOf(answer)).toEqual([
      `Autotask (127.0.0.1:${port}) refused the connection (ECONNREFUSED); the call was not sent.`,
    ]);
  });

  it('answers 504 when Autotask does not answer in time', async () => {
    const { api, records, untilRecords } = await gateway({ upstreamTimeoutMs: 200 });
    await fault({ kind: 'timeout' });
    const answer = await send(api('Tickets/query'), ticketQuery());
    expect(answer.status).toBe(504);
    expect(errorsOf(answer)[0]).toMatch(/^Autotask \(127\.0\.0\.1:\d+\) did not answer within 1 s\.$/);
    await untilRecords(1);
    expect(records[0]?.outcome).toBe('failed');
  });

  it('answers 502 with the lookup’s words when the zone cannot be found', async () => {
    const { api } = await gateway({
      zoneUrl: () =>
        Promise.reject(
          new AutotaskError('network', 'GET zoneInformation: could not reach host (ENOTFOUND)', {
            userMessage: 'Could not reach Autotask at webservices.autotask.net. Check the network connection.',
          }),
        ),
    });
    const answer = await send(api('Tickets/query'), ticketQuery());
    expect(answer.status).toBe(502);
    expect(errorsOf(answer)).toEqual([
      'Headroom could not find the tenant’s Autotask zone to send the call to. Could not reach Autotask at webservices.autotask.net. Check the network connection.',
    ]);
  });

  it('cuts the answer off when Autotask breaks off mid-answer, rather than pass on half of it as whole', async () => {
    const probe = await startProbe((call) => {
      call.res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '1000' });
      call.res.write('{"item":');
      setImmediate(() => call.res.destroy());
    });
    onCleanup(() => probe.close());
    const { api, records, untilRecords } = await gateway({ zoneUrl: async () => probe.baseUrl });
    await expect(send(api('Tickets/1'), { headers: authHeaders })).rejects.toThrow();
    await untilRecords(1);
    expect(records[0]?.outcome).toBe('failed');
  });
});

describe('Autotask’s own errors', () => {
  it('are passed on as they came: a 5xx, and a 200 whose JSON is broken', async () => {
    const { api } = await gateway();
    await fault({ kind: 'server-error', status: 503 });
    const serverError = await send(api('Tickets/query'), ticketQuery());
    expect(serverError.status).toBe(503);
    expect(errorsOf(serverError)).toEqual(['Simulated server error: the Autotask API is unavailable.']);
    await fault({ kind: 'malformed-json' });
    const broken = await send(api('Tickets/query'), ticketQuery());
    expect(broken.status).toBe(200);
    expect(broken.text).toBe('{"items":[{"id":1,"title":"truncated');
  });
});

describe('query pages', () => {
  /** A page of `count` tickets whose pageDetails point at `zone`; `extra` goes into every ticket. */
  function pageOn(zone: string, count: number, extra: Record<string, unknown> = {}) {
    const items = Array.from({ length: count }, (_, id) => ({ id, title: `Ticket ${id}`, ...extra }));
    const nextPageUrl = `${zone}V1.0/Tickets/query/next?paging=${encodeURIComponent('{"pageSize":500}')}`;
    return { items, pageDetails: { count, requestCount: 500, prevPageUrl: null, nextPageUrl } };
  }

  it('holding "pageDetails" in their data are rewritten all the same', async () => {
    const probe = await startProbe((call) =>
      call.answer(200, JSON.stringify(pageOn(probe.baseUrl, 3, { title: 'pageDetails', note: '"pageDetails"' }))),
    );
    onCleanup(() => probe.close());
    const { api, gw } = await gateway({ zoneUrl: async () => probe.baseUrl });
    const answer = await send(api('Tickets/query'), ticketQuery());
    const page = JSON.parse(answer.text) as ReturnType<typeof pageOn>;
    expect(page.items.map((item) => item.title)).toEqual(['pageDetails', 'pageDetails', 'pageDetails']);
    expect(page.pageDetails.nextPageUrl).toBe(pageOn(gw.baseUrl, 0).pageDetails.nextPageUrl);
  });

  it('cut off by Autotask mid-page are answered 502, never passed on as whole', async () => {
    const probe = await startProbe((call) => {
      call.res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '100000' });
      call.res.write(JSON.stringify(pageOn(probe.baseUrl, 50)).slice(0, 2000));
      setImmediate(() => call.res.destroy());
    });
    onCleanup(() => probe.close());
    const { api, records, untilRecords } = await gateway({ zoneUrl: async () => probe.baseUrl });
    const answer = await send(api('Tickets/query'), ticketQuery());
    expect(answer.status).toBe(502);
    expect(errorsOf(answer)[0]).toMatch(/^The connection to Autotask \(127\.0\.0\.1:\d+\) was cut before it answered/);
    await untilRecords(1);
    expect(records[0]?.outcome).toBe('failed');
  });
});

describe('request bodies', () => {
  it('are streamed on as they came, chunked or not', async () => {
    const probe = await startProbe((call) => call.answer(200, String(call.body.length)));
    onCleanup(() => probe.close());
    const { api } = await gateway({ zoneUrl: async () => probe.baseUrl });
    const chunk = Buffer.alloc(256 * 1024, 'x');
    const answer = await send(api('Tickets'), {
      method: 'POST',
      headers: authHeaders,
      body: [chunk, chunk, chunk, chunk],
    });
    expect(answer.text).toBe(String(4 * chunk.length));
    expect(probe.calls[0]?.headers['transfer-encoding']).toBe('chunked');
    expect(probe.calls[0]?.body.equals(Buffer.concat([chunk, chunk, chunk, chunk]))).toBe(true);
  });

  it('larger than the limit are answered 413 in Autotask’s shape, at once when declared, and not counted', async () => {
    const { api } = await gateway({ maxBodyBytes: 1000 });
    const body = 'x'.repeat(1001);
    const declared = await send(api('Tickets'), { method: 'POST', headers: authHeaders, body });
    expect(declared.status).toBe(413);
    expect(declared.headers.connection).toBe('close');
    expect(errorsOf(declared)).toEqual([
      "The request body is larger than the gateway's limit of 1000 bytes (Autotask refuses bodies over 1048576); the call was not sent.",
    ]);

    const chunked = await send(api('Tickets'), {
      method: 'POST',
      headers: authHeaders,
      body: [Buffer.from('x'.repeat(600)), Buffer.from('x'.repeat(600))],
    });
    expect(chunked.status).toBe(413);
    expect((await simStats()).totalRequests).toBe(0);
  });

  it('read ahead while the call is held are sent whole once it goes, or refused if too large', async () => {
    const probe = await startProbe((call) => call.answer(200, call.body.toString()));
    onCleanup(() => probe.close());
    const { api, gate } = await gateway({ zoneUrl: async () => probe.baseUrl, maxBodyBytes: 1000 });
    gate.hold('normal');
    const post = (parts: string[]) =>
      send(api('Tickets'), { method: 'POST', headers: authHeaders, body: parts.map((part) => Buffer.from(part)) });
    const fits = post(['{"title":', '"fits"}']);
    await gate.until(1, 1);
    // A chunked body is read whole before the gate is asked: one too large is refused without waiting.
    expect((await post(['x'.repeat(600), 'x'.repeat(600)])).status).toBe(413);
    expect(gate.requests).toHaveLength(1);
    gate.release();
    expect((await fits).text).toBe('{"title":"fits"}');
    expect(probe.calls).toHaveLength(1);
  });

  it('over Autotask’s 1 MiB are answered 413 in its shape before the gate, and counted as not sent', async () => {
    const { api, gate, records, untilRecords, gw } = await gateway();
    const megabyte = Buffer.alloc(1024 * 1024, 'x');
    const declared = await send(api('Tickets'), {
      method: 'POST',
      headers: authHeaders,
      body: Buffer.concat([megabyte, Buffer.from('x')]),
    });
    const chunked = await send(api('Tickets'), {
      method: 'POST',
      headers: { ...authHeaders, 'Transfer-Encoding': 'chunked' },
      body: [megabyte, Buffer.from('x')],
    });
    for (const answer of [declared, chunked]) {
      expect(answer.status).toBe(413);
      expect(answer.headers.connection).toBe('close');
      expect(errorsOf(answer)).toEqual([
        "The request body is larger than the gateway's limit of 1048576 bytes (Autotask refuses bodies over 1048576); the call was not sent.",
      ]);
    }
    await untilRecords(2);
    expect(records.map((record) => record.outcome)).toEqual(['refused', 'refused']);
    expect(gw.stats()).toMatchObject({ refused: 2, forwarded: 0, failed: 0 });
    // Never asked the gate, so the throttle did not count them as sent; Autotask counted nothing either.
    expect(gate.requests).toHaveLength(0);
    expect((await simStats()).totalRequests).toBe(0);
  });
});
