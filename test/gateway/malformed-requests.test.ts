import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { useGatewayFixture } from './harness';

const { gateway, simStats } = useGatewayFixture();

/** Writes `raw` on a fresh connection and reads everything the gateway sends back until it closes. */
function exchange(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(raw));
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
  });
}

function bodyOf(response: string): unknown {
  return JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
}

describe('requests that are not HTTP', () => {
  it('get a 400 in Autotask’s shape that says so', async () => {
    const { gw } = await gateway();
    const response = await exchange(gw.port, 'HELLO GATEWAY\r\n\r\n');
    expect(response).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(response).toContain('X-Headroom-State: normal');
    expect(bodyOf(response)).toEqual({ errors: ['The request could not be read as HTTP (HPE_INVALID_METHOD).'] });
  });

  it('with headers too large get a 431, and nothing reaches Autotask', async () => {
    const { gw } = await gateway();
    const response = await exchange(
      gw.port,
      `GET /ATServicesRest/V1.0/Tickets/1 HTTP/1.1\r\nHost: 127.0.0.1:${gw.port}\r\nX-Big: ${'x'.repeat(20_000)}\r\n\r\n`,
    );
    expect(response).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(bodyOf(response)).toEqual({ errors: ['The request could not be read as HTTP (HPE_HEADER_OVERFLOW).'] });
    expect((await simStats()).totalRequests).toBe(0);
  });
});
