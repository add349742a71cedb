import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type TimerId } from '../core/clock';
import { AdminApi, adminPrefix } from './admin-api';
import { AutotaskApi } from './autotask-api';
import { AutotaskError, SimulatorOptionsError } from './errors';
import { Exchange } from './exchange';
import { answerFault } from './fault-answers';
import { describeIssues, simulatorOptionsSchema } from './option-schemas';
import { defaultTenantSettings, demoUser, type Simulator, type SimulatorOptions } from './options';
import { Tenant } from './tenant';

const host = '127.0.0.1';

/**
 * Starts an Autotask simulator on 127.0.0.1: the Autotask REST API under /ATServicesRest/V1.0/ and the admin API
 * under /_sim/. Refuses options out of range with a SimulatorOptionsError that names them.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const checked = simulatorOptionsSchema.safeParse(options);
  if (!checked.success) throw new SimulatorOptionsError(`Invalid simulator options: ${describeIssues(checked.error)}`);
  const { port = 0, load = 'quiet', users = [demoUser], seed = 1, clock = systemClock, ...settings } = checked.data;
  const tenant = new Tenant({ settings: { ...defaultTenantSettings, ...settings }, load, users, seed, clock });

  // Latency and "slow" faults wait on the injected clock; close() cancels what is still waiting.
  const timers = new Set<TimerId>();
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = clock.setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  const origin = `http://${host}:${actualPort}`;
  const admin = new AdminApi(tenant);
  const api = new AutotaskApi(tenant, origin, wait);

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const exchange = new Exchange(req, res);
    try {
      const body = await exchange.readBody();
      const url = requestUrl(req.url ?? '/', origin);
      if (url.pathname.toLowerCase().startsWith(adminPrefix)) {
        return exchange.json(200, admin.handle(req.method ?? 'GET', url.pathname, body));
      }
      const fault = tenant.faults.take(url.pathname + url.search);
      if (fault && !(await answerFault(fault, exchange, wait))) return;
      await api.handle(exchange, url, body);
    } catch (error) {
      exchange.fail(error);
    }
  }
  server.on('request', (req, res) => void serve(req, res));

  return {
    origin,
    baseUrl: `${origin}/ATServicesRest/`,
    port: actualPort,
    setBackgroundLevel: (share, rampMs) => tenant.usage.setBackgroundLevel(share, rampMs),
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clock.clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function requestUrl(target: string, origin: string): URL {
  try {
    return new URL(target, origin);
  } catch {
    throw new AutotaskError(400, 'The request target is not a valid URL.');
  }
}
