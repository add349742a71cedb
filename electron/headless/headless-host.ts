/**
 * `headroom serve`: the whole product without a window. The Headroom service (Monitor, gateway, settings, secret)
 * behind the contract's HTTP transport, serving the renderer build to a browser; in demo mode with the simulator
 * embedded, its tour and a small workload of Headroom's own through the gateway, so every number moves.
 *
 * Settings live for the run: demo mode's must never reach a settings file, and a live run takes its connection
 * from the command line. The hourly history of a live run is kept between runs beside the token file's folder.
 */
import { join } from 'node:path';
import { systemClock } from '../core/clock';
import { FileHistoryStore } from '../service/history-file-store';
import { HeadroomService, type DemoConnection } from '../service/headroom-service';
import { MemorySecretStore } from '../service/secret-store';
import { MemorySettingsStore } from '../service/memory-settings-store';
import {
  gatewayCaller,
  startDemoTenant,
  startDemoTour,
  startDemoWorkload,
  withDemoSettings,
  type DemoTenant,
} from '../service/demo';
import { newLaunchToken } from './launch-token';
import { startHostServer, type HostServer } from './host-server';
import type { ServeCommand } from './serve-command';

export interface HeadlessHostOptions {
  command: Extract<ServeCommand, { help: false }>;
  /** The renderer build (dist/renderer). */
  rendererDir: string;
  /** Where the history of a live run is kept. */
  dataDirectory: string;
  /** The per-launch token's folder; the platform's default when absent. */
  tokenDirectory?: string;
  log: (line: string) => void;
}

export interface HeadlessHost {
  service: HeadroomService;
  server: HostServer;
  /** What a script uses as its Autotask base URL. */
  gatewayBaseUrl: string;
  /** Answers every held call, stops the demo, writes the history, closes every socket. */
  stop(): Promise<void>;
}

export async function startHeadlessHost(options: HeadlessHostOptions): Promise<HeadlessHost> {
  const { command, log } = options;
  const clock = systemClock;
  const demoTenant = command.demo ? await startDemoTenant({ clock }) : undefined;
  const service = new HeadroomService({
    ...servicePartsFor(options, demoTenant),
    clock,
    onProblem: log,
  });
  service.on('notice', (notice) => log(`${notice.title}: ${notice.body}`));
  await service.start();
  const gatewayBaseUrl = (await service.snapshot()).gateway.baseUrl;
  if (!gatewayBaseUrl) {
    await service.stop();
    await demoTenant?.stop();
    throw new Error('The gateway could not start: see the lines above for why.');
  }
  const demo = demoTenant && {
    tour: startDemoTour({ clock, others: demoTenant.simulator }),
    workload: startDemoWorkload({ clock, caller: gatewayCaller(gatewayBaseUrl) }),
  };
  const server = await startHostServer({
    handlers: service,
    events: service,
    rendererDir: options.rendererDir,
    port: command.uiPort,
    token: newLaunchToken(),
    clock,
    log,
    ...(options.tokenDirectory ? { tokenDirectory: options.tokenDirectory } : {}),
  });
  return {
    service,
    server,
    gatewayBaseUrl,
    async stop() {
      // The demo's own calls first, so none is cut off by the gateway closing; the tenant last, so no poll finds
      // it gone and reports the connection lost.
      await demo?.workload.stop();
      demo?.tour.stop();
      await server.close();
      await service.stop();
      await demoTenant?.stop();
    },
  };
}

function servicePartsFor(options: HeadlessHostOptions, demoTenant: DemoTenant | undefined) {
  const { command } = options;
  if (demoTenant) {
    const demo: DemoConnection = { autotaskBaseUrl: demoTenant.autotaskBaseUrl, credentials: demoTenant.credentials };
    return {
      settingsStore: new MemorySettingsStore(withDemoSettings(command.settings, demoTenant.autotaskBaseUrl)),
      secretStore: new MemorySecretStore(),
      demo,
    };
  }
  if (command.demo) throw new Error('unreachable: demo mode without its tenant');
  return {
    settingsStore: new MemorySettingsStore(command.settings),
    secretStore: new MemorySecretStore(command.credentials.secret),
    historyStore: new FileHistoryStore(join(options.dataDirectory, 'history.json')),
  };
}
