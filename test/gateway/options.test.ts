import { describe, expect, it } from 'vitest';
import { GatewayListenError, GatewayOptionsError, startGateway, type GatewayOptions } from '../../electron/gateway';
import { TestGate, useGatewayFixture } from './harness';

const { gateway, onCleanup } = useGatewayFixture();

function withGate(options: Partial<GatewayOptions>): GatewayOptions {
  const throttle = new TestGate();
  onCleanup(() => throttle.close());
  return { throttle, zoneUrl: async () => 'http://127.0.0.1:9/ATServicesRest/', ...options };
}

describe('gateway options', () => {
  it('out of range are refused with a message that names them', async () => {
    const cases: Array<[Partial<GatewayOptions>, string]> = [
      [{ port: 70_000 }, 'port must be a whole number 0-65535 (got 70000)'],
      [{ maxHoldSeconds: -1 }, 'maxHoldSeconds must be 0 or more seconds (got -1)'],
      [{ maxBodyBytes: 0 }, 'maxBodyBytes must be a whole number above 0 (got 0)'],
      [{ upstreamTimeoutMs: Number.NaN }, 'upstreamTimeoutMs must be a number of milliseconds above 0 (got NaN)'],
      [{ headersTimeoutMs: 0 }, 'headersTimeoutMs must be a number of milliseconds above 0 (got 0)'],
      [{ idleTimeoutMs: -5 }, 'idleTimeoutMs must be a number of milliseconds above 0 (got -5)'],
    ];
    for (const [options, message] of cases) {
      await expect(startGateway(withGate(options))).rejects.toThrow(
        new GatewayOptionsError(`Invalid gateway options: ${message}.`),
      );
    }
  });

  it('name a port already taken in words the user can act on', async () => {
    const { gw } = await gateway();
    const taken = startGateway(withGate({ port: gw.port }));
    await expect(taken).rejects.toBeInstanceOf(GatewayListenError);
    await expect(taken).rejects.toMatchObject({
      code: 'EADDRINUSE',
      userMessage: `Port ${gw.port} on 127.0.0.1 is already taken by another program: choose another gateway port in Settings.`,
    });
  });

  it('listen on 127.0.0.1 only, and give the base URL a script uses', async () => {
    const { gw } = await gateway();
    expect(gw.url).toBe(`http://127.0.0.1:${gw.port}`);
    expect(gw.baseUrl).toBe(`http://127.0.0.1:${gw.port}/ATServicesRest/`);
    const onAnotherAddress = fetch(`http://127.0.0.2:${gw.port}/ATServicesRest/V1.0/Tickets/1`);
    await expect(onAnotherAddress).rejects.toThrow();
  });
});
