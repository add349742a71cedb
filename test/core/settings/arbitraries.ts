import fc from 'fast-check';
import type { Settings } from '../../../electron/core/settings/settings';

/** Percentages in hundredths, so a v1 fraction converts back exactly. */
const hundredths = (min: number, max: number) => fc.integer({ min, max }).map((n) => n / 100);

export const validThrottle = fc
  .uniqueArray(fc.integer({ min: 100, max: 10_000 }), { minLength: 4, maxLength: 4 })
  .map((values) => values.sort((a, b) => a - b))
  .chain(([resume = 0, slow = 0, sleep = 0, critical = 0]) =>
    fc.record({
      resumeBelowPercent: fc.constant(resume / 100),
      slowAtPercent: fc.constant(slow / 100),
      sleepAtPercent: fc.constant(sleep / 100),
      criticalStopAtPercent: fc.constant(critical / 100),
      hysteresisPercent: hundredths(0, slow - resume),
      autoResume: fc.boolean(),
      wakeGraceSeconds: fc.integer({ min: 10, max: 3600 }),
    }),
  );

const autotaskAddress = fc.oneof(
  fc.constant('https://webservices.autotask.net/ATServicesRest/'),
  fc.integer({ min: 1, max: 29 }).map((zone) => `https://webservices${zone}.autotask.net/ATServicesRest/`),
  fc.integer({ min: 1, max: 65_535 }).map((port) => `http://127.0.0.1:${port}/ATServicesRest/`),
  fc.constant('http://localhost:8080/'),
);

const apiUser = fc
  .tuple(fc.stringMatching(/^[a-z0-9._-]{1,20}$/), fc.domain())
  .map(([local, domain]) => `${local}@${domain}`)
  .filter((user) => user.length <= 254 && /\.[^.@]+$/.test(user));

const word = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 _-]{0,30}[A-Za-z0-9]$/);

const connection = fc.oneof(
  fc.record(
    { autotaskBaseUrl: autotaskAddress, username: fc.constant(''), integrationCode: fc.oneof(fc.constant(''), word) },
    { requiredKeys: ['autotaskBaseUrl', 'username', 'integrationCode'] },
  ),
  fc.record(
    {
      autotaskBaseUrl: autotaskAddress,
      username: apiUser,
      integrationCode: word,
      impersonationResourceId: fc.integer({ min: 1, max: 2 ** 40 }),
    },
    { requiredKeys: ['autotaskBaseUrl', 'username', 'integrationCode'] },
  ),
);

export const validSettings: fc.Arbitrary<Settings> = fc.record({
  version: fc.constant(2 as const),
  connection,
  throttle: validThrottle,
  gateway: fc.record({
    port: fc.integer({ min: 0, max: 65_535 }),
    maxHoldSeconds: fc.integer({ min: 1, max: 600 }),
    queueLimitPerPriority: fc.integer({ min: 1, max: 10_000 }),
  }),
  notifications: fc.record(
    {
      enabled: fc.boolean(),
      cooldownMinutes: fc.integer({ min: 1, max: 1440 }),
      pausedUntil: fc.integer({ min: 0, max: 2 ** 45 }),
    },
    { requiredKeys: ['enabled', 'cooldownMinutes'] },
  ),
});
