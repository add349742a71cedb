import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorsOf, startTestSimulator, type CallOptions, type TestSimulator } from './harness';

let sim: TestSimulator;

beforeAll(async () => {
  sim = await startTestSimulator({ latency: false });
});
afterAll(() => sim.close());

const deepJson = '['.repeat(100_000) + ']'.repeat(100_000);
const invalidUtf8 = new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]);
const search = (text: string) => encodeURIComponent(text);

/** [what, path, call]: each Autotask endpoint with input no client should send. */
const malformedCalls: Array<[string, string, CallOptions]> = [
  ['query: broken JSON', 'Tickets/query', { rawBody: '{"filter": [' }],
  ['query: empty body', 'Tickets/query', { method: 'POST', rawBody: '' }],
  ['query: JSON null', 'Tickets/query', { rawBody: 'null' }],
  ['query: a number', 'Companies/query', { rawBody: '42' }],
  ['query: an array', 'Contacts/query', { rawBody: '[{"op":"eq"}]' }],
  ['query: filter as a string', 'TicketNotes/query', { body: { filter: 'status eq 1' } }],
  [
    'query: IncludeFields as a string',
    'Tickets/query',
    { body: { filter: [{ op: 'exist', field: 'id' }], IncludeFields: 'title' } },
  ],
  ['query: nested 100,000 deep', 'Tickets/query', { rawBody: deepJson }],
  ['query: bytes that are not UTF-8', 'Tickets/query', { rawBody: invalidUtf8 }],
  ['GET query: no search', 'Tickets/query', {}],
  ['GET query: search not JSON', `Tickets/query?search=${search('{filter:')}`, {}],
  ['GET query: search percent-broken', 'Tickets/query?search=%E0%A4%A', {}],
  ['count: broken JSON', 'Tickets/query/count', { rawBody: '{' }],
  ['next page: no paging', 'Tickets/query/next', {}],
  ['next page: paging not JSON', `Tickets/query/next?paging=abc&search=${search('{}')}`, {}],
  ['next page: paging of another shape', `Tickets/query/next?paging=${search('{"pageSize":0}')}`, {}],
  ['next page: both directions', `Tickets/query/next?paging=${search('{"pageSize":5,"afterId":1,"beforeId":9}')}`, {}],
  ['next page: page too large', `Tickets/query/prev?paging=${search('{"pageSize":501,"beforeId":9}')}`, {}],
  ['next page: no search', `Tickets/query/next?paging=${search('{"pageSize":5,"afterId":1}')}`, {}],
  ['create: not JSON', 'Tickets', { rawBody: 'title=Printer' }],
  ['create: empty', 'Companies', { method: 'POST', rawBody: '' }],
  ['patch: an array', 'Contacts', { method: 'PATCH', rawBody: '[1]' }],
  ['patch: id an object', 'Tickets', { method: 'PATCH', body: { id: { value: 1 } } }],
  ['child create: broken JSON', 'Tickets/70001/Notes', { rawBody: '{' }],
  ['child patch: null', 'Tickets/70001/Notes', { method: 'PATCH', rawBody: 'null' }],
  ['zone: no user', 'zoneInformation?user=', {}],
  ['id too long for a number', 'Tickets/99999999999999999999', {}],
  ['path with broken escapes', '/ATServicesRest/V1.0/Tick%ZZets/1', {}],
  ['unknown version', '/ATServicesRest/V9/Tickets/1', {}],
];

describe('malformed input', () => {
  it.each(malformedCalls)('answers %s in Autotask shape with a 4xx or 5xx', async (_what, path, options) => {
    const answer = await sim.call(path, options);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(600);
    const [message] = errorsOf(answer);
    expect(message?.length).toBeGreaterThan(10);
    // A deliberate refusal, not the catch-all for an exception nobody expected.
    expect(message).not.toContain('could not process');
  });

  it('refuses a body over 1 MiB with a 413, on the API and on the admin API', async () => {
    const huge = 'x'.repeat(1024 * 1024 + 1);
    const api = await sim.call('Tickets/query', { rawBody: huge });
    expect(api.status).toBe(413);
    expect(errorsOf(api)[0]).toContain('1048576 bytes');
    expect((await sim.admin('POST', 'usage', huge)).status).toBe(413);
  });

  it('refuses an admin body that is not JSON, not an object, or empty', async () => {
    for (const body of ['', 'null', '"steady"', '{"profile":']) {
      const answer = await sim.admin('POST', 'load', body);
      expect(answer.status, body).toBe(400);
      expect(errorsOf(answer)).toHaveLength(1);
    }
  });

  it('survives a client that sends half a request and hangs up, and keeps serving', async () => {
    await new Promise<void>((resolve) => {
      const socket = connect(sim.simulator.port, '127.0.0.1', () => {
        socket.write(
          'POST /ATServicesRest/V1.0/Tickets/query HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{"fil',
        );
        socket.destroy();
        resolve();
      });
    });
    expect((await sim.call('ThresholdInformation')).status).toBe(200);
  });

  it('answers HTTP that is not HTTP without falling over', async () => {
    const reply = await new Promise<string>((resolve) => {
      let received = '';
      const socket = connect(sim.simulator.port, '127.0.0.1', () => socket.write('HELLO AUTOTASK\r\n\r\n'));
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('close', () => resolve(received));
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    expect((await sim.call('ThresholdInformation')).status).toBe(200);
  });
});
