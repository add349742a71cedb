/**
 * The service as the tray app runs it: the stored settings and secret, the history kept between runs, and demo
 * mode while no connection is set up. The demo's tenant stands in for Autotask until the user connects one; its
 * tour and its workload stop at the first live snapshot, so no demo call ever goes to a real tenant.
 *
 * Plain Node, like the headless host: the shell hands in the stores it made with Electron's help.
 */
import type { Clock } from '../core/clock';
import { isDemoMode } from '../core/settings/settings';
import type { HistoryStore } from '../core/usage/history-store';
import { gatewayCaller, startDemoTenant, startDemoTour, startDemoWorkload, type DemoTenant } from './demo';
import { HeadroomService } from './headroom-service';
import type { SecretStore } from './secret-store';
import type { SettingsStore } from './settings-store';

export interface DesktopServiceOptions {
  settingsStore: SettingsStore;
  secretStore: SecretStore;
  historyStore: HistoryStore;
  clock: Clock;
  onProblem: (message: string) => void;
  /** What happened, one line per event, for the log file. */
  log?: (event: string) => void;
}

export interface DesktopService {
  service: HeadroomService;
  /** Answers every held call, stops the demo if it runs, writes the history. */
  stop(): Promise<void>;
}

export async function startDesktopService(options: DesktopServiceOptions): Promise<DesktopService> {
  const { clock, onProblem } = options;
  // Loaded once: whether to start the demo and the service's own settings come from the same read, and a file
  // set aside by that read is reported by the service (a second load would find it gone and say nothing).
  const loaded = options.settingsStore.load();
  const settingsStore: SettingsStore = { load: () => loaded, save: (settings) => options.settingsStore.save(settings) };
  const demoTenant = isDemoMode(loaded.settings.connection) ? await startDemoTenant({ clock }) : undefined;
  const service = new HeadroomService({
    settingsStore,
    secretStore: options.secretStore,
    historyStore: options.historyStore,
    clock,
    onProblem,
    ...(options.log ? { log: options.log } : {}),
    ...(demoTenant
      ? { demo: { autotaskBaseUrl: demoTenant.autotaskBaseUrl, credentials: demoTenant.credentials } }
      : {}),
  });
  await service.start();
  const demo = demoTenant && (await startDemo(service, demoTenant, clock));
  return {
    service,
    async stop() {
      await demo?.stop();
      await service.stop();
      await demoTenant?.stop();
    },
  };
}

/** The tour and the workload of demo mode, until the user connects a tenant of their own. */
async function startDemo(service: HeadroomService, tenant: DemoTenant, clock: Clock) {
  const snapshot = await service.snapshot();
  const baseUrl = snapshot.gateway.baseUrl;
  if (snapshot.mode !== 'demo' || baseUrl === undefined) return undefined;
  const tour = startDemoTour({ clock, others: tenant.simulator });
  const workload = startDemoWorkload({ clock, caller: gatewayCaller(baseUrl) });
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      stopListening();
      tour.stop();
      await workload.stop();
    })();
    return stopped;
  };
  const stopListening = service.on('snapshotChanged', (next) => {
    if (next.mode === 'live') void stop();
  });
  return { stop };
}
