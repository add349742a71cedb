import { Agent, request } from 'node:http';
import { PRIORITY_HEADER } from '../../gateway';
import type { DemoCall, DemoCaller } from './demo-workload';

/**
 * The demo workload's HTTP client: each call goes to the gateway as a script's would, with its API user's headers
 * and its priority. Keep-alive, so the gateway's figures show calls rather than connection set-ups. close()
 * destroys the agent and every socket it holds.
 */
export function gatewayCaller(gatewayBaseUrl: string, agent = new Agent({ keepAlive: true })): DemoCaller {
  // Parsed once, here: a wrong address is the caller's mistake to hear of now, not a failure per call.
  const base = new URL(gatewayBaseUrl);
  return {
    send: (call, signal) => send(agent, new URL(`V1.0/${call.path}`, base), call, signal),
    close: () => agent.destroy(),
  };
}

function send(agent: Agent, url: URL, call: DemoCall, signal: AbortSignal): Promise<number> {
  const body = call.body === undefined ? undefined : JSON.stringify(call.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: call.method,
        agent,
        signal,
        headers: {
          Accept: 'application/json',
          UserName: call.user.username,
          Secret: call.user.secret,
          ApiIntegrationCode: call.user.integrationCode,
          [PRIORITY_HEADER]: call.priority,
          ...(body === undefined
            ? {}
            : { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(body)) }),
        },
      },
      (res) => {
        // Only the status matters; reading the body to its end lets the socket serve the next call.
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
        res.on('close', () => {
          if (!res.complete) reject(new Error('the answer was cut short'));
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
