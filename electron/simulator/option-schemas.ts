import { z } from 'zod';
import type { Clock } from '../core/clock';
import { faultKinds } from './faults';
import { loadProfiles } from './options';

/**
 * The one validation of every simulator setting, whether it comes from startSimulator, the command line or the
 * admin API, so all three refuse the same values with the same words.
 */
const settingsShape = {
  limit: z.int().min(1).max(2_147_483_647),
  timeframeMinutes: z
    .number()
    .positive()
    .max(7 * 24 * 60),
  latency: z.boolean(),
  baseLatencyMs: z.int().min(0).max(600_000),
};

const apiUser = z.strictObject({
  username: z.string().trim().min(1),
  secret: z.string().min(1),
  integrationCode: z.string().trim().min(1),
});

export const simulatorOptionsSchema = z
  .strictObject({
    ...settingsShape,
    port: z.int().min(0).max(65_535),
    load: z.enum(loadProfiles),
    users: z.array(apiUser).min(1),
    seed: z.int(),
    clock: z.custom<Clock>((value) => typeof (value as Clock | null)?.now === 'function', 'expected a Clock'),
  })
  .partial();

export const configRequest = z.strictObject(settingsShape).partial();
export const loadRequest = z.strictObject({ profile: z.enum(loadProfiles) });
export const usageRequest = z.strictObject({
  count: z.int().min(1).max(10_000_000),
  integrationCode: z.string().trim().min(1).optional(),
});
const faultOptionOwners = { status: 'server-error', delayMs: 'slow', retryAfter: 'rate-limit' } as const;

export const faultRequest = z
  .strictObject({
    kind: z.enum(faultKinds),
    count: z.int().min(1).max(1_000_000).optional(),
    path: z.string().min(1).optional(),
    status: z.int().min(500).max(599).optional(),
    delayMs: z.int().min(0).max(600_000).optional(),
    retryAfter: z.string().trim().min(1).optional(),
  })
  .superRefine((fault, context) => {
    for (const [option, kind] of Object.entries(faultOptionOwners)) {
      if (fault[option as keyof typeof faultOptionOwners] !== undefined && fault.kind !== kind) {
        context.addIssue({ code: 'custom', path: [option], message: `applies only to kind "${kind}"` });
      }
    }
  });

/** "limit: Too small: expected number to be >=1; foo: Unrecognized key" with each setting named as `nameOf` says. */
export function describeIssues(error: z.ZodError, nameOf: (key: string) => string = (key) => key): string {
  return error.issues
    .map((issue) => {
      const key = issue.path[0];
      if (issue.code === 'unrecognized_keys') return `unknown ${issue.keys.map(nameOf).join(', ')}`;
      return key === undefined ? issue.message : `${nameOf(String(key))}: ${issue.message}`;
    })
    .join('; ');
}
