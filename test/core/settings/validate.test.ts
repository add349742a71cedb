import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultSettings, type Settings } from '../../../electron/core/settings/settings';
import { applySettingsChange, validateSettings } from '../../../electron/core/settings/validate';
import { validSettings, validThrottle } from './arbitraries';

function problemsOf(result: ReturnType<typeof validateSettings>) {
  if (result.ok) throw new Error('expected the settings to be refused');
  return result.problems;
}

const change = (patch: unknown) => problemsOf(applySettingsChange(defaultSettings, patch));

describe('validateSettings', () => {
  it('accepts the defaults and returns them unchanged', () => {
    expect(validateSettings(defaultSettings)).toEqual({ ok: true, value: defaultSettings });
  });

  it('refuses something that is not a settings document, saying so', () => {
    for (const input of [null, undefined, 'settings', 42, []])
      expect(problemsOf(validateSettings(input))).toEqual([
        { field: '', message: 'Settings must be a settings document (an object).' },
      ]);
  });

  it('names every missing section and setting', () => {
    expect(problemsOf(validateSettings({ version: 2 })).map((problem) => problem.message)).toEqual([
      'Connection settings are missing.',
      'Throttle settings are missing.',
      'Gateway settings are missing.',
      'Notifications settings are missing.',
    ]);
    expect(problemsOf(validateSettings(setAt(defaults, 'throttle.sleepAtPercent', undefined)))).toEqual([
      { field: 'throttle.sleepAtPercent', message: 'Sleep at is missing: it must be a percentage from 1 to 100.' },
    ]);
  });

  it('refuses settings from another version', () => {
    expect(problemsOf(validateSettings({ ...defaultSettings, version: 1 }))).toEqual([
      { field: 'version', message: 'Settings version must be 2.' },
    ]);
  });
});

describe('applySettingsChange: one setting at a time', () => {
  it('applies a valid change and leaves everything else as it was', () => {
    const result = applySettingsChange(defaultSettings, { throttle: { slowAtPercent: 80 }, gateway: { port: 5000 } });
    expect(result).toEqual({
      ok: true,
      value: {
        ...defaultSettings,
        throttle: { ...defaultSettings.throttle, slowAtPercent: 80 },
        gateway: { ...defaultSettings.gateway, port: 5000 },
      },
    });
  });

  it('refuses out-of-range, non-numeric and non-finite numbers, naming the field and what is allowed', () => {
    const sleepAt = { field: 'throttle.sleepAtPercent', message: 'Sleep at must be a percentage from 1 to 100.' };
    for (const value of [0, 100.5, -3, '90', NaN, Infinity, -Infinity, true, {}])
      expect(change({ throttle: { sleepAtPercent: value } })).toEqual([sleepAt]);
    expect(change({ throttle: { hysteresisPercent: -1 } })).toEqual([
      {
        field: 'throttle.hysteresisPercent',
        message: 'Hysteresis must be a number of percentage points from 0 to 100.',
      },
    ]);
    expect(change({ throttle: { wakeGraceSeconds: 12.5 } })).toEqual([
      {
        field: 'throttle.wakeGraceSeconds',
        message: 'Wake Up grace period must be a whole number of seconds from 10 to 3600.',
      },
    ]);
    expect(change({ throttle: { autoResume: 'yes' } })).toEqual([
      { field: 'throttle.autoResume', message: 'Resume automatically must be on or off (true or false).' },
    ]);
  });

  it('refuses gateway and notification settings outside their ranges', () => {
    expect(change({ gateway: { port: 65536 } })).toEqual([
      { field: 'gateway.port', message: 'Gateway port must be a whole number from 0 to 65535.' },
    ]);
    expect(change({ gateway: { maxHoldSeconds: 601 } })).toEqual([
      { field: 'gateway.maxHoldSeconds', message: 'Longest hold must be a whole number of seconds from 1 to 600.' },
    ]);
    expect(change({ gateway: { queueLimitPerPriority: 0 } })).toEqual([
      {
        field: 'gateway.queueLimitPerPriority',
        message: 'Queue limit per priority must be a whole number of calls from 1 to 10000.',
      },
    ]);
    expect(change({ notifications: { cooldownMinutes: 0 } })).toEqual([
      {
        field: 'notifications.cooldownMinutes',
        message: 'Notification cooldown must be a whole number of minutes from 1 to 1440.',
      },
    ]);
    expect(change({ notifications: { enabled: 1 } })).toEqual([
      { field: 'notifications.enabled', message: 'Notifications must be on or off (true or false).' },
    ]);
  });

  it('refuses unknown settings at any level, each at its own path', () => {
    expect(change({ throttle: { slowAt: 75 }, theme: 'dark' })).toEqual([
      {
        field: 'throttle.slowAt',
        message: 'throttle.slowAt is not a Headroom setting: check the spelling or remove it.',
      },
      { field: 'theme', message: 'theme is not a Headroom setting: check the spelling or remove it.' },
    ]);
  });

  it('treats a __proto__ key as an unknown setting, not as the prototype', () => {
    expect(change(JSON.parse('{"__proto__": {"version": 3}}'))).toEqual([
      { field: '__proto__', message: '__proto__ is not a Headroom setting: check the spelling or remove it.' },
    ]);
    expect(change(JSON.parse('{"gateway": {"__proto__": {"port": 1}}}'))).toEqual([
      {
        field: 'gateway.__proto__',
        message: 'gateway.__proto__ is not a Headroom setting: check the spelling or remove it.',
      },
    ]);
  });

  it('refuses a change that is not a group of settings', () => {
    expect(change('port=80')).toEqual([{ field: '', message: 'A settings change must be a group of settings.' }]);
    expect(change({ gateway: 80 })).toEqual([
      { field: 'gateway', message: 'Gateway settings must be a group of settings.' },
    ]);
  });

  it('clears an optional setting with null and says so when a required one is cleared', () => {
    const withId = applySettingsChange(defaultSettings, {
      connection: { username: 'api@example.com', integrationCode: 'ACME', impersonationResourceId: 29682885 },
    });
    if (!withId.ok) throw new Error('expected the connection to be accepted');
    const cleared = applySettingsChange(withId.value, { connection: { impersonationResourceId: null } });
    expect(cleared.ok && cleared.value.connection).toEqual({
      autotaskBaseUrl: defaultSettings.connection.autotaskBaseUrl,
      username: 'api@example.com',
      integrationCode: 'ACME',
    });
    expect(change({ gateway: { port: null } })).toEqual([
      { field: 'gateway.port', message: 'Gateway port is missing: it must be a whole number from 0 to 65535.' },
    ]);
  });

  it('reports every problem of a change at once', () => {
    expect(change({ throttle: { slowAtPercent: 95 }, gateway: { port: -1 } }).map((problem) => problem.field)).toEqual([
      'gateway.port',
      'throttle.slowAtPercent',
    ]);
  });
});

describe('threshold consistency', () => {
  it('keeps Slow down at below Sleep at, blaming the field that was changed', () => {
    expect(change({ throttle: { slowAtPercent: 95 } })).toEqual([
      {
        field: 'throttle.slowAtPercent',
        message: 'Slow down at must be below Sleep at (90%): calls are slowed down before they are stopped.',
      },
    ]);
    expect(change({ throttle: { sleepAtPercent: 60 } })).toEqual([
      {
        field: 'throttle.sleepAtPercent',
        message: 'Sleep at must be above Slow down at (75%): calls are slowed down before they are stopped.',
      },
    ]);
    expect(change({ throttle: { slowAtPercent: 90 } })[0]?.field).toBe('throttle.slowAtPercent');
  });

  it('keeps Sleep at below Critical stop at', () => {
    expect(change({ throttle: { criticalStopAtPercent: 90 } })).toEqual([
      {
        field: 'throttle.criticalStopAtPercent',
        message:
          'Critical stop at must be above Sleep at (90%): critical calls keep flowing after everything else has stopped.',
      },
    ]);
  });

  it('keeps Resume below under Slow down at', () => {
    expect(change({ throttle: { resumeBelowPercent: 80 } })).toEqual([
      {
        field: 'throttle.resumeBelowPercent',
        message:
          'Resume below must be below Slow down at (75%): a connection that resumes goes at full speed, not straight into slowed.',
      },
    ]);
  });

  it('keeps the hysteresis band within the gap between Resume below and Slow down at', () => {
    const why = 'a sleeping connection must not resume at a usage that would keep a slowed one slowed.';
    expect(change({ throttle: { hysteresisPercent: 6 } })).toEqual([
      {
        field: 'throttle.hysteresisPercent',
        message: `Hysteresis must be at most 5 points, the gap between Resume below (70%) and Slow down at (75%): ${why}`,
      },
    ]);
    expect(change({ throttle: { resumeBelowPercent: 73 } })).toEqual([
      {
        field: 'throttle.resumeBelowPercent',
        message: `Resume below must be at most 72%, Slow down at (75%) minus Hysteresis (3 points): ${why}`,
      },
    ]);
    expect(change({ throttle: { slowAtPercent: 72.5 } })).toEqual([
      {
        field: 'throttle.slowAtPercent',
        message: `Slow down at must be at least 73%, Resume below (70%) plus Hysteresis (3 points): ${why}`,
      },
    ]);
  });

  it('accepts a band exactly as wide as the gap, even with decimals that do not add up exactly in binary', () => {
    const result = applySettingsChange(defaultSettings, {
      throttle: { resumeBelowPercent: 70.1, hysteresisPercent: 4.9 },
    });
    expect(result.ok).toBe(true);
  });

  it('reports the threshold problems even when another section is wrong too', () => {
    const fields = change({ throttle: { sleepAtPercent: 99 }, notifications: { cooldownMinutes: 'soon' } }).map(
      (problem) => problem.field,
    );
    expect(fields).toEqual(['notifications.cooldownMinutes', 'throttle.sleepAtPercent']);
  });
});

describe('connection settings', () => {
  it('is in demo mode with an empty username, and needs an integration code once a username is set', () => {
    expect(applySettingsChange(defaultSettings, { connection: { integrationCode: 'ACME' } }).ok).toBe(true);
    expect(change({ connection: { username: 'api@example.com' } })).toEqual([
      {
        field: 'connection.integrationCode',
        message: 'Integration code is needed once an API username is set (leave the username empty for demo mode).',
      },
    ]);
  });

  it('trims pasted whitespace from the username, integration code and address', () => {
    const result = applySettingsChange(defaultSettings, {
      connection: {
        username: '  api@example.com\n',
        integrationCode: ' ACME ',
        autotaskBaseUrl: ' https://a.example/ ',
      },
    });
    expect(result.ok && result.value.connection).toEqual({
      username: 'api@example.com',
      integrationCode: 'ACME',
      autotaskBaseUrl: 'https://a.example/',
    });
  });

  it('refuses a username that does not look like an API user', () => {
    expect(change({ connection: { username: 'admin', integrationCode: 'ACME' } })).toEqual([
      {
        field: 'connection.username',
        message:
          'API username must be the API user’s username from Autotask, which looks like an e-mail address ' +
          '(name@example.com), or be empty for demo mode.',
      },
    ]);
  });

  it('requires https except for a simulator on this computer', () => {
    const address = (autotaskBaseUrl: string) =>
      applySettingsChange(defaultSettings, { connection: { autotaskBaseUrl } });
    for (const ok of [
      'https://webservices5.autotask.net/ATServicesRest/',
      'http://127.0.0.1:4870/',
      'http://localhost/',
      'http://[::1]:9000/',
    ])
      expect(address(ok).ok).toBe(true);
    expect(problemsOf(address('http://webservices5.autotask.net/ATServicesRest/'))).toEqual([
      {
        field: 'connection.autotaskBaseUrl',
        message:
          'Autotask API address must use https:// (plain http:// is allowed only for a simulator on this computer).',
      },
    ]);
    expect(problemsOf(address('ftp://example.com/'))[0]?.message).toBe(
      'Autotask API address must start with https://.',
    );
    expect(problemsOf(address('webservices5.autotask.net'))[0]?.message).toBe(
      'Autotask API address must be a web address such as https://webservices.autotask.net/ATServicesRest/.',
    );
  });

  it('refuses an address carrying credentials without repeating them', () => {
    const problems = change({ connection: { autotaskBaseUrl: 'https://api:hunter2@webservices5.autotask.net/' } });
    expect(problems).toEqual([
      {
        field: 'connection.autotaskBaseUrl',
        message:
          'Autotask API address must not contain a user name or password: the API secret is kept in the system keychain.',
      },
    ]);
  });

  it('refuses an impersonation resource ID that is not a positive whole number', () => {
    for (const id of [0, -4, 1.5, '29682885'])
      expect(change({ connection: { impersonationResourceId: id } })).toEqual([
        {
          field: 'connection.impersonationResourceId',
          message: 'Impersonation resource ID must be a resource ID from Autotask: a whole number of at least 1.',
        },
      ]);
  });
});

describe('secrets', () => {
  const keychain =
    "The API secret is not kept in the settings: Headroom stores it in the system keychain. Enter it in the connection settings' Secret field instead.";

  it('refuses a secret anywhere in the document, says where secrets go, and never repeats the value', () => {
    const problems = problemsOf(
      validateSettings({
        ...defaultSettings,
        Secret: 'hunter2-top',
        connection: { ...defaultSettings.connection, secret: 'hunter2-conn' },
        gateway: { ...defaultSettings.gateway, port: { apiPassword: 'hunter2-deep' } },
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        { field: 'Secret', message: keychain },
        { field: 'connection.secret', message: keychain },
        { field: 'gateway.port.apiPassword', message: keychain },
      ]),
    );
    expect(JSON.stringify(problems)).not.toContain('hunter2');
  });

  it('refuses a secret sent as a change', () => {
    expect(change({ connection: { secret: 'hunter2' } })).toEqual([{ field: 'connection.secret', message: keychain }]);
  });

  it('never repeats a value typed into any field, whatever is wrong with it', () => {
    const fields = ['connection.username', 'connection.integrationCode', 'connection.autotaskBaseUrl', 'gateway.port'];
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.stringMatching(/^[A-Za-z0-9]{12,40}$/), (field, typed) => {
        const [section = '', key = ''] = field.split('.');
        const result = applySettingsChange(defaultSettings, { [section]: { [key]: `Q${typed}` } });
        if (!result.ok) expect(JSON.stringify(result.problems)).not.toContain(`Q${typed}`);
      }),
    );
  });
});

describe('properties', () => {
  it('accepts only settings that obey every rule, whatever is changed, removed or added', () => {
    fc.assert(
      fc.property(validSettings, fc.array(perturbation, { minLength: 1, maxLength: 3 }), (settings, changes) => {
        const input = changes.reduce((document, perturb) => perturb(document), documentOf(settings));
        const result = validateSettings(input);
        if (result.ok) expect(violations(result.value)).toEqual([]);
        else expect(result.problems.length).toBeGreaterThan(0);
        if (violations(input).length === 0) expect(result.ok).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });

  it('agrees with the rules just inside and just outside every numeric range', () => {
    for (const [path, rule] of Object.entries(numberRules))
      for (const value of edgeValues(rule)) {
        const input = setAt(defaults, path, value);
        expect({ path, value, ok: validateSettings(input).ok }).toEqual({
          path,
          value,
          ok: violations(input).length === 0,
        });
      }
  });

  it('accepts thresholds exactly when they obey the ranges and the ordering, right at the edges too', () => {
    fc.assert(
      fc.property(validThrottle, fc.array(thresholdNudge, { minLength: 1, maxLength: 2 }), (throttle, nudges) => {
        const nudged = nudges.reduce((current, nudge) => nudge(current), throttle as Document);
        const input = { ...defaultSettings, throttle: nudged };
        expect(validateSettings(input).ok).toBe(violations(input).length === 0);
      }),
      { numRuns: 1000 },
    );
  });

  it('round-trips valid settings through JSON unchanged', () => {
    fc.assert(
      fc.property(validSettings, (settings) => {
        expect(validateSettings(JSON.parse(JSON.stringify(settings)))).toEqual({ ok: true, value: settings });
      }),
    );
  });

  it('never lets a refused change through, and never alters the current settings', () => {
    fc.assert(
      fc.property(validSettings, fc.array(perturbation, { maxLength: 2 }), (current, changes) => {
        const before = structuredClone(current);
        const patch = changes.reduce((document, perturb) => perturb(document), {} as Document);
        const result = applySettingsChange(current, patch);
        expect(current).toEqual(before);
        if (result.ok) expect(violations(result.value)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});

type Document = Record<string, unknown>;

/** The numeric rules, restated from the issue and DESIGN.md rather than read from the schema. */
interface NumberRule {
  min: number;
  max: number;
  whole: boolean;
}

const numberRules: Record<string, NumberRule> = {
  'throttle.slowAtPercent': { min: 1, max: 100, whole: false },
  'throttle.sleepAtPercent': { min: 1, max: 100, whole: false },
  'throttle.resumeBelowPercent': { min: 1, max: 100, whole: false },
  'throttle.criticalStopAtPercent': { min: 1, max: 100, whole: false },
  'throttle.hysteresisPercent': { min: 0, max: 100, whole: false },
  'throttle.wakeGraceSeconds': { min: 10, max: 3600, whole: true },
  'gateway.port': { min: 0, max: 65_535, whole: true },
  'gateway.maxHoldSeconds': { min: 1, max: 600, whole: true },
  'gateway.queueLimitPerPriority': { min: 1, max: 10_000, whole: true },
  'notifications.cooldownMinutes': { min: 1, max: 1440, whole: true },
  'connection.impersonationResourceId': { min: 1, max: Number.MAX_SAFE_INTEGER, whole: true },
  'notifications.pausedUntil': { min: 0, max: Number.MAX_SAFE_INTEGER, whole: true },
};

const optionalPaths = ['connection.impersonationResourceId', 'notifications.pausedUntil'];

const paths = [
  'version',
  ...Object.entries(defaultSettings)
    .filter(([, value]) => typeof value === 'object')
    .flatMap(([section, value]) => [section, ...Object.keys(value as object).map((key) => `${section}.${key}`)]),
  ...optionalPaths,
];

/** Values just inside and just outside a numeric setting's range, where an off-by-one would hide. */
function edgesOf(path: string): fc.Arbitrary<unknown> {
  const rule = numberRules[path];
  if (!rule) return fc.constant(undefined);
  return fc.constantFrom(...edgeValues(rule));
}

function edgeValues({ min, max }: NumberRule): number[] {
  return [min - 1, min - 0.001, min, min + 0.5, max - 0.5, max, max + 0.001, max + 1];
}

const nastyValue = fc.oneof(
  fc.anything(),
  fc.double(),
  fc.integer({ min: -100, max: 70_000 }),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, '', ' ', '90', null, undefined, true, [], {}),
  fc.string(),
  fc.constantFrom('api@example.com', ' api@example.com ', 'admin', 'http://example.com/', 'https://a.example/'),
  fc.constantFrom('http://127.0.0.1/', 'https://u:p@a.example/', 'https://u@a.example/', 'ftp://a.example/'),
);

function documentOf(settings: Settings): Document {
  return structuredClone(settings) as unknown as Document;
}

const defaults = documentOf(defaultSettings);

function removeAt(document: Document, path: string): Document {
  const without = (record: Document, key: string) =>
    Object.fromEntries(Object.entries(record).filter(([name]) => name !== key));
  const [section = '', key] = path.split('.');
  if (key === undefined) return without(document, section);
  const inner = document[section];
  return isRecord(inner) ? { ...document, [section]: without(inner, key) } : document;
}

function setAt(document: Document, path: string, value: unknown): Document {
  const [section = '', key] = path.split('.');
  if (key === undefined) return { ...document, [section]: value };
  const inner = document[section];
  return { ...document, [section]: { ...(isRecord(inner) ? inner : {}), [key]: value } };
}

/** One change to a document: set any setting (or section) to anything, delete it, or add a stray key. */
const perturbation: fc.Arbitrary<(document: Document) => Document> = fc.oneof(
  fc
    .constantFrom(...paths)
    .chain((path) =>
      fc.tuple(fc.constant(path), numberRules[path] ? fc.oneof(nastyValue, edgesOf(path), edgesOf(path)) : nastyValue),
    )
    .map(
      ([path, value]) =>
        (document: Document) =>
          setAt(document, path, value),
    ),
  fc.constantFrom(...paths).map((path) => (document: Document) => removeAt(document, path)),
  fc
    .tuple(fc.constantFrom('', 'connection', 'throttle'), fc.constantFrom('extra', 'secret', 'apiPassword', 'slowAt'))
    .map(
      ([section, key]) =>
        (document: Document) =>
          setAt(document, section === '' ? key : `${section}.${key}`, 'x'),
    ),
);

const thresholdFields = [
  'slowAtPercent',
  'sleepAtPercent',
  'resumeBelowPercent',
  'criticalStopAtPercent',
  'hysteresisPercent',
] as const;

/** Moves one threshold onto, just past, or just short of another one (or of the band's edge), or anywhere. */
const thresholdNudge: fc.Arbitrary<(throttle: Document) => Document> = fc
  .tuple(
    fc.constantFrom(...thresholdFields),
    fc.constantFrom(...thresholdFields, 'gap'),
    fc.constantFrom(-1, -0.01, 0, 0.01, 1),
    fc.oneof(fc.constant(undefined), fc.double({ min: -5, max: 110 }), fc.constantFrom(NaN, Infinity)),
  )
  .map(([field, anchor, delta, anywhere]) => (throttle: Document) => {
    const value = (key: string) => Number(throttle[key]);
    const target = anchor === 'gap' ? value('slowAtPercent') - value('resumeBelowPercent') : value(anchor);
    return { ...throttle, [field]: anywhere ?? target + delta };
  });

function isRecord(value: unknown): value is Document {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The rules, restated independently of the schema: what a valid document must satisfy. Returns the names of the
 * rules broken (empty = valid).
 */
function violations(input: unknown): string[] {
  const broken: string[] = [];
  const rule = (name: string, holds: boolean) => {
    if (!holds) broken.push(name);
  };
  const hasKeys = (value: unknown, required: string[], optional: string[] = []): value is Document =>
    isRecord(value) &&
    required.every((key) => value[key] !== undefined) &&
    Object.keys(value).every((key) => required.includes(key) || optional.includes(key));
  const obeysNumberRule = (path: string, { min, max, whole }: NumberRule, value: unknown) => {
    if (value === undefined && optionalPaths.includes(path)) return true;
    return typeof value === 'number' && value >= min && value <= max && (!whole || Number.isInteger(value));
  };
  const sections = ['connection', 'throttle', 'gateway', 'notifications'];
  if (!hasKeys(input, ['version', ...sections])) return ['document shape'];
  rule('version', input['version'] === 2);
  for (const section of sections) {
    const keys = Object.keys(defaultSettings[section as keyof typeof defaultSettings]);
    const optional = optionalPaths
      .map((path) => path.split('.'))
      .flatMap(([of, key = '']) => (of === section ? [key] : []));
    rule(`${section} shape`, hasKeys(input[section], keys, optional));
  }
  if (broken.length > 0) return broken;
  const at = (path: string) => {
    const [section = '', key = ''] = path.split('.');
    return (input[section] as Document)[key];
  };
  for (const [path, numberRule] of Object.entries(numberRules)) rule(path, obeysNumberRule(path, numberRule, at(path)));
  rule('booleans', typeof at('throttle.autoResume') === 'boolean' && typeof at('notifications.enabled') === 'boolean');

  const threshold = (field: (typeof thresholdFields)[number]) => Number(at(`throttle.${field}`));
  const [slow, sleep, resume, critical, band] = thresholdFields.map(threshold) as [
    number,
    number,
    number,
    number,
    number,
  ];
  rule('resume < slow < sleep < critical', resume < slow && slow < sleep && sleep < critical);
  rule('resume + hysteresis <= slow', resume + band <= slow + 1e-9);

  const [address, username, code] = ['autotaskBaseUrl', 'username', 'integrationCode'].map((key) => {
    const value = at(`connection.${key}`);
    return typeof value === 'string' ? value.trim() : undefined;
  });
  rule('address', address !== undefined && address.length <= 2048 && isAllowedAddress(address));
  rule(
    'username',
    username === '' ||
      (username !== undefined && username.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(username)),
  );
  rule('integration code', code !== undefined && code.length <= 100);
  rule('integration code with a username', username === '' || code !== '');
  rule('no secrets', !/"[^"]*(secret|password)[^"]*":/i.test(JSON.stringify(input)));
  return broken;
}

function isAllowedAddress(address: string): boolean {
  if (!URL.canParse(address)) return false;
  const url = new URL(address);
  const loopback = ['localhost', '[::1]'].includes(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  const scheme = url.protocol === 'https:' || (url.protocol === 'http:' && loopback);
  return scheme && url.username === '' && url.password === '';
}
