import { z } from 'zod';
import type { ThrottleSettings } from './throttle-settings';
import {
  currentSettingsVersion,
  type ConnectionSettings,
  type GatewaySettings,
  type NotificationSettings,
  type Settings,
} from './settings';

/** The names the popover gives the throttle settings; messages use them so the user finds the field. */
export const throttleLabels: Record<keyof ThrottleSettings, string> = {
  slowAtPercent: 'Slow down at',
  sleepAtPercent: 'Sleep at',
  resumeBelowPercent: 'Resume below',
  criticalStopAtPercent: 'Critical stop at',
  hysteresisPercent: 'Hysteresis',
  autoResume: 'Resume automatically',
  wakeGraceSeconds: 'Wake Up grace period',
};

/**
 * Every check of one setting gives the same message, so the user reads what is allowed rather than which check
 * failed; a missing setting says so. The typed-in value is never repeated (it could be a pasted secret).
 */
function explain(label: string, expectation: string) {
  return {
    error: (issue: { input?: unknown }) =>
      issue.input === undefined
        ? `${label} is missing: it must be ${expectation}.`
        : `${label} must be ${expectation}.`,
  };
}

interface NumberRule {
  min: number;
  /** Omitted: no upper bound beyond what a number can hold exactly. */
  max?: number;
  whole: boolean;
}

/** zod 4 refuses NaN and ±Infinity for any number, so only the range and wholeness are left to say. */
function numberSetting(label: string, noun: string, { min, max = Number.MAX_SAFE_INTEGER, whole }: NumberRule) {
  const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
  const messages = explain(label, `${noun} ${range}`);
  const number = z.number(messages).min(min, messages).max(max, messages);
  return whole ? number.int(messages) : number;
}

function switchSetting(label: string) {
  return z.boolean(explain(label, 'on or off (true or false)'));
}

function section<Shape extends z.core.$ZodLooseShape>(label: string, shape: Shape) {
  return z.strictObject(shape, {
    error: (issue: { input?: unknown }) =>
      issue.input === undefined ? `${label} settings are missing.` : `${label} settings must be a group of settings.`,
  });
}

/** Thresholds are percentages of the tenant's live limit; their order is checked in threshold-rules.ts. */
function percentSetting(label: string) {
  return numberSetting(label, 'a percentage', { min: 1, max: 100, whole: false });
}

export const throttleSchema: z.ZodType<ThrottleSettings> = section('Throttle', {
  slowAtPercent: percentSetting(throttleLabels.slowAtPercent),
  sleepAtPercent: percentSetting(throttleLabels.sleepAtPercent),
  resumeBelowPercent: percentSetting(throttleLabels.resumeBelowPercent),
  criticalStopAtPercent: percentSetting(throttleLabels.criticalStopAtPercent),
  // The real ceiling is the gap between Resume below and Slow down at (threshold-rules.ts).
  hysteresisPercent: numberSetting(throttleLabels.hysteresisPercent, 'a number of percentage points', {
    min: 0,
    max: 100,
    whole: false,
  }),
  autoResume: switchSetting(throttleLabels.autoResume),
  // At least one fast poll must fit in the grace period; past an hour the rolling window has turned over anyway.
  wakeGraceSeconds: numberSetting(throttleLabels.wakeGraceSeconds, 'a whole number of seconds', {
    min: 10,
    max: 3600,
    whole: true,
  }),
});

const loopbackHosts = new Set(['localhost', '[::1]']);

function isLoopback(hostname: string): boolean {
  return loopbackHosts.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/** Says what is wrong with an Autotask address, or nothing. Never repeats the address (it may hold a password). */
function autotaskAddressProblem(address: string): string | undefined {
  const label = 'Autotask API address';
  if (!URL.canParse(address))
    return `${label} must be a web address such as https://webservices.autotask.net/ATServicesRest/.`;
  const url = new URL(address);
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `${label} must start with https://.`;
  // The secret travels in a header: plain http would hand it to anyone on the network path.
  if (url.protocol === 'http:' && !isLoopback(url.hostname))
    return `${label} must use https:// (plain http:// is allowed only for a simulator on this computer).`;
  if (url.username !== '' || url.password !== '')
    return `${label} must not contain a user name or password: the API secret is kept in the system keychain.`;
  return undefined;
}

/** Autotask API usernames are e-mail-like (e.g. abc123@example.com); anything else is a typo or the wrong field. */
const emailLike = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const usernameMessage =
  'API username must be the API user’s username from Autotask, which looks like an e-mail address ' +
  '(name@example.com), or be empty for demo mode.';

export const connectionSchema: z.ZodType<ConnectionSettings> = section('Connection', {
  autotaskBaseUrl: z
    .string(explain('Autotask API address', 'a web address'))
    .trim()
    .max(2048, explain('Autotask API address', 'a web address of at most 2048 characters'))
    .superRefine((address, context) => {
      const problem = autotaskAddressProblem(address);
      if (problem) context.addIssue({ code: 'custom', message: problem });
    }),
  username: z
    .string(explain('API username', 'text'))
    .trim()
    .max(254, { error: usernameMessage })
    .refine((username) => username === '' || emailLike.test(username), { error: usernameMessage }),
  integrationCode: z
    .string(explain('Integration code', 'text (the API tracking identifier from Autotask)'))
    .trim()
    .max(100, explain('Integration code', 'at most 100 characters')),
  impersonationResourceId: numberSetting('Impersonation resource ID', 'a resource ID from Autotask: a whole number', {
    min: 1,
    whole: true,
  }).optional(),
}).superRefine((connection, context) => {
  // Autotask counts every call under an integration code: a username alone can make no call at all.
  if (connection.username !== '' && connection.integrationCode === '')
    context.addIssue({
      code: 'custom',
      path: ['integrationCode'],
      message: 'Integration code is needed once an API username is set (leave the username empty for demo mode).',
    });
});

export const gatewaySchema: z.ZodType<GatewaySettings> = section('Gateway', {
  // 0 lets the system pick a free port: for tests, not for scripts that must find the gateway again.
  port: numberSetting('Gateway port', 'a whole number', { min: 0, max: 65535, whole: true }),
  maxHoldSeconds: numberSetting('Longest hold', 'a whole number of seconds', { min: 1, max: 600, whole: true }),
  // More than an hour's worth of a 10,000-call tenant waiting in one queue is a runaway script, not a backlog.
  queueLimitPerPriority: numberSetting('Queue limit per priority', 'a whole number of calls', {
    min: 1,
    max: 10000,
    whole: true,
  }),
});

export const notificationsSchema: z.ZodType<NotificationSettings> = section('Notifications', {
  enabled: switchSetting('Notifications'),
  // At least a minute so a hovering value cannot produce a storm; a day is the longest quiet that still informs.
  cooldownMinutes: numberSetting('Notification cooldown', 'a whole number of minutes', {
    min: 1,
    max: 1440,
    whole: true,
  }),
  pausedUntil: numberSetting('Pause notifications until', 'a clock time: a whole number of milliseconds since 1970', {
    min: 0,
    whole: true,
  }).optional(),
});

export const settingsSchema: z.ZodType<Settings> = z.strictObject(
  {
    version: z.literal(currentSettingsVersion, explain('Settings version', `${currentSettingsVersion}`)),
    connection: connectionSchema,
    throttle: throttleSchema,
    gateway: gatewaySchema,
    notifications: notificationsSchema,
  },
  { error: 'Settings must be a settings document (an object).' },
);
