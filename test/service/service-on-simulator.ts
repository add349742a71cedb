/** A HeadroomService that watches a simulator as the demo user, its settings saved in `directory`. */
import type { Clock } from '../../electron/core/clock';
import { defaultSettings, type Settings } from '../../electron/core/settings/settings';
import { HeadroomService, type HeadroomServiceOptions } from '../../electron/service/headroom-service';
import { MemorySecretStore } from '../../electron/service/secret-store';
import { FileSettingsStore } from '../../electron/service/settings-store';
import { demoUser, type Simulator } from '../../electron/simulator';

export function serviceOnSimulator(
  simulator: Simulator,
  directory: string,
  clock: Clock,
  options: Partial<HeadroomServiceOptions> = {},
): HeadroomService {
  const settings: Settings = {
    ...defaultSettings,
    connection: {
      ...defaultSettings.connection,
      username: demoUser.username,
      integrationCode: demoUser.integrationCode,
      autotaskBaseUrl: simulator.baseUrl,
    },
    gateway: { ...defaultSettings.gateway, port: 0 },
  };
  const settingsStore = new FileSettingsStore({ directory, clock });
  settingsStore.save(settings);
  return new HeadroomService({
    settingsStore,
    secretStore: new MemorySecretStore(demoUser.secret),
    clock,
    random: () => 0.5,
    ...options,
  });
}
