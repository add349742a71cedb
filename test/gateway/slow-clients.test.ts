import { connect, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import { send, ticketQuery, useGatewayFixture } from './harness';

const { gateway, onCleanup, simStats } = useGatewayFixture();

/** Short bounds, so the test waits a fraction of a second for what takes 10 s by default. */
const bounds = { headersTimeoutMs: 200, idleTimeoutMs: 200 };

interface RawClient {
  socket: Socket;
  /** Everything the gateway sent, once it has closed the connection. */
  closed: Promise<string>;
}

/** A connection that sends `raw` (maybe nothing, maybe half a request) and then nothing more. */
function rawClient(port: number, raw: string): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      if (raw) socket.write(raw);
      resolve({ socket, closed });
    });
    onCleanup(() => socket.destroy());
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const closed = new Promise<string>((done) => socket.once('close', () => done(Buffer.concat(chunks).toString())));
    socket.once('error', reject);
  });
}

function bodyOf(response: string): unknown {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
}

const timedOut = {
  errors: ['No complete request headers arrived within 1 s; the connection is closed.'],
};

describe('a connection that does not send its request', () => {
  it('is answered 408 and closed when it sends nothing at all', async () => {
    const { gw } = await gateway(bounds);
    const silent = await rawClient(gw.port, '');
    const response = await silent.closed;
    expect(response).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(response).toContain('X-Headroom-State: normal');
    expect(bodyOf(response)).toEqual(timedOut);
  });

  it('is answered 408 and closed when its headers stop halfway, and nothing reaches Autotask', async () => {
    const { gw } = await gateway(bounds);
    const half = await rawClient(
      gw.port,
      `GET /ATServicesRest/V1.0/Tickets/1 HTTP/1.1\r\nHost: 127.0.0.1:${gw.port}\r\nUser`,
    );
    const response = await half.closed;
    expect(response).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(bodyOf(response)).toEqual(timedOut);
    expect((await simStats()).totalRequests).toBe(0);
  });

  it('is closed once it has been idle after an answer for the idle bound', async () => {
    const { gw } = await gateway(bounds);
    const idle = await rawClient(gw.port, `GET /elsewhere HTTP/1.1\r\nHost: 127.0.0.1:${gw.port}\r\n\r\n`);
    const response = await idle.closed;
    expect(response).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/);
    expect(response).not.toContain('Connection: close');
  });
});

describe('a held call', () => {
  it('is not cut by either bound, however long it waits for its turn', async () => {
    const { gw, gate, api } = await gateway(bounds);
    gate.hold('normal');
    const held = send(api('Tickets/query'), ticketQuery());
    await gate.until(1, 1);
    // Both connections open after the held call's request: once the gateway has cut them, the held call has
    // outlasted both bounds too.
    const silent = await rawClient(gw.port, '');
    const idle = await rawClient(gw.port, `GET /elsewhere HTTP/1.1\r\nHost: 127.0.0.1:${gw.port}\r\n\r\n`);
    await Promise.all([silent.closed, idle.closed]);
    gate.release();
    const answer = await held;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.text)).toHaveProperty('items');
  });
});
