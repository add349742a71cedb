import { defaultThrottleSettings, type ThrottleSettings } from './throttle-settings';

/** Raised whenever the document's shape changes; migrate.ts carries older documents forward to it. */
export const currentSettingsVersion = 2;

/**
 * Who Headroom talks to Autotask as. The API secret is not here: it lives in the OS keychain, and the schema
 * refuses any `secret` key so it can never end up in the settings file by mistake.
 */
export interface ConnectionSettings {
  /** Where zone discovery starts. Plain http is allowed only for a simulator on this computer. */
  autotaskBaseUrl: string;
  /** The API user's username (it looks like an e-mail address). Empty means demo mode. */
  username: string;
  /** The API tracking identifier Autotask counts the calls under; needed once a username is set. */
  integrationCode: string;
  /** Act as this resource (the API user needs the impersonation permission). */
  impersonationResourceId?: number;
}

export interface GatewaySettings {
  /** Loopback port the gateway listens on; 0 picks any free port (tests). */
  port: number;
  /** How long a call that cannot go yet is held before it is answered 429 with Retry-After. */
  maxHoldSeconds: number;
  /** Held calls per priority beyond which new ones are refused at once rather than queued. */
  queueLimitPerPriority: number;
}

export interface NotificationSettings {
  enabled: boolean;
  /** The notification policy's quiet time per topic (see core/notify/policy.ts). */
  cooldownMinutes: number;
  /** "Pause notifications" from the tray: clock time (ms) until which nothing is shown. */
  pausedUntil?: number;
}

export interface Settings {
  version: typeof currentSettingsVersion;
  connection: ConnectionSettings;
  throttle: ThrottleSettings;
  gateway: GatewaySettings;
  notifications: NotificationSettings;
}

/**
 * A fixed port, so a script is pointed at the gateway once and keeps working across restarts. 4866 sits below
 * the ranges operating systems hand out for outgoing connections (Linux from 32768, Windows and macOS from
 * 49152), so it is not taken at random by another program, and away from the ports development tools default to
 * (3000, 5173, 8000, 8080).
 */
export const defaultGatewayPort = 4866;

export const defaultSettings: Settings = {
  version: currentSettingsVersion,
  connection: {
    autotaskBaseUrl: 'https://webservices.autotask.net/ATServicesRest/',
    username: '',
    integrationCode: '',
  },
  throttle: defaultThrottleSettings,
  gateway: {
    port: defaultGatewayPort,
    maxHoldSeconds: 30,
    queueLimitPerPriority: 500,
  },
  notifications: {
    enabled: true,
    cooldownMinutes: 15,
  },
};

/** No API user configured: the embedded simulator stands in for Autotask, so a new user sees the product work. */
export function isDemoMode(connection: ConnectionSettings): boolean {
  return connection.username === '';
}
