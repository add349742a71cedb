/**
 * `headroom serve`: the whole product without a window. The Headroom service (Monitor, gateway, settings, secret)
 * behind the contract's HTTP transport, serving the renderer build to a browser; in demo mode with the simulator
 * embedded, its tour and a small workload of Headroom's own through the gateway, so every number moves.
 *
 * Settings live for the run: demo mode's must never reach a settings file, and a live run takes its connection
 * from the command line. The hourly history of a live run is kept between runs beside the token file's folder.
 */
import { join } from 'node:path';
import packageJson from '../../package.json' with { type: 'json' };
import { systemClock } from '../core/clock';
import { UserFacingError } from '../core/user-facing-error';
import { FileHistoryStore } from '../service/history-file-store';
import { HeadroomService, type DemoConnection } from '../service/headroom-service';
import { LOG_FILE_NAME, LogFile } from '../service/log-file';
import { MemorySecretStore, type SecretStore } from '../service/secret-store';
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
import { Teardown } from './teardown';
import type { ServeCommand } from './serve-command';

export interface HeadlessHostOptions {
  command: Extract<ServeCommand, { help: false }>;
  /** The renderer build (dist/renderer). */
  rendererDir: string;
  /** Where the history of a live run is kept, and the log file of every run. */
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

/**
 * Starts the whole host, or nothing: a part that cannot start (a port taken, the token folder unwritable) stops
 * every part started before it, so the process is left with nothing running and can exit.
 */
export async function startHeadlessHost(options: HeadlessHostOptions): Promise<HeadlessHost> {
  const { command, log } = options;
  const clock = systemClock;
  const token = newLaunchToken();
  let secrets: SecretStore | undefined;
  const logFile = new LogFile({
    file: join(options.dataDirectory, LOG_FILE_NAME),
    clock,
    secrets: () => [secrets?.get(), token],
  });
  logFile.write(
    `Headroom ${packageJson.version} serve starting: ${command.demo ? 'demo' : 'live'}, ` +
      `UI port ${command.uiPort}, gateway port ${command.settings.gateway.port}`,
  );
  // Stopped the other way round: the UI first, the demo's own calls before the gateway closes so none is cut
  // off, the tenant last so no poll finds it gone and reports the connection lost.
  const teardown = new Teardown();
  teardown.add(() => logFile.write('serve stopped'));
  try {
    const demoTenant = command.demo ? await startDemoTenant({ clock }) : undefined;
    if (demoTenant) teardown.add(() => demoTenant.stop());
    const parts = servicePartsFor(options, demoTenant);
    secrets = parts.secretStore;
    const service = new HeadroomService({
      ...parts,
      clock,
      gatewayPortOption: '--gateway-port',
      onProblem: log,
      log: (event) => logFile.write(event),
    });
    service.on('notice', (notice) => log(`${notice.title}: ${notice.body}`));
    teardown.add(() => service.stop());
    await service.start();
    const gatewayBaseUrl = (await service.snapshot()).gateway.baseUrl;
    if (!gatewayBaseUrl) throw new HostStartError('the gateway could not start (the line above says why).');
    if (demoTenant) {
      const tour = startDemoTour({ clock, others: demoTenant.simulator });
      teardown.add(() => tour.stop());
      const workload = startDemoWorkload({ clock, caller: gatewayCaller(gatewayBaseUrl) });
      teardown.add(() => workload.stop());
    }
    const server = await startHostServer({
      handlers: service,
      events: service,
      rendererDir: options.rendererDir,
      port: command.uiPort,
      token,
      clock,
      log,
      ...(options.tokenDirectory ? { tokenDirectory: options.tokenDirectory } : {}),
    });
    teardown.add(() => server.close());
    logFile.write(`serving the UI at ${server.url}`);
    return { service, server, gatewayBaseUrl, stop: () => teardown.run() };
  } catch (error) {
    logFile.write(`could not start: ${messageOf(error)}`);
    await teardown.run().catch((stopError: unknown) => log(`stopping after the failed start: ${messageOf(stopError)}`));
    throw error;
  }
}

/** A part of the host could not start; the message says which and why, and nothing was left running. */
export class HostStartError extends UserFacingError {
  override readonly name = 'HostStartError';
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
