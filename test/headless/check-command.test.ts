import { describe, expect, it } from 'vitest';
import { AutotaskError, AutotaskThrottledError } from '../../electron/autotask';
import {
  atLimitVerdict,
  CheckCommandError,
  errorVerdict,
  parseCheckArgs,
  runCheckCommand,
  usageVerdict,
  type CheckOptions,
} from '../../electron/headless/check-command';
import { GatewayCommandError, parseGatewayArgs } from '../../electron/headless/gateway-command';

const secret = 'hunter2-very-secret';
const env = { HEADROOM_SECRET: secret };
const required = ['--username', 'api@example.com', '--integration-code', 'ABC123'];
const defaults = { warningPercent: 75, criticalPercent: 90 };

function options(args: string[]): CheckOptions {
  const command = parseCheckArgs(args, env);
  if (command.help) throw new Error('expected options, got help');
  return command.options;
}

function refusal(args: string[], environment: NodeJS.ProcessEnv = env): string {
  try {
    parseCheckArgs(args, environment);
  } catch (error) {
    if (error instanceof CheckCommandError) return error.message;
    throw error;
  }
  throw new Error('expected the command line to be refused');
}

const reading = (used: number, limit = 10_000, timeframeMinutes = 60) => ({ used, limit, timeframeMinutes });

describe('headroom check: the command line', () => {
  it('takes the throttle defaults, the default Autotask address and the secret from the environment', () => {
    expect(options(required)).toEqual({
      autotaskBaseUrl: 'https://webservices.autotask.net/ATServicesRest/',
      credentials: { username: 'api@example.com', secret, integrationCode: 'ABC123' },
      warningPercent: 75,
      criticalPercent: 90,
      timeoutSeconds: 10,
    });
  });

  it('takes every option it lists', () => {
    expect(
      options([
        ...required,
        '--autotask-url',
        'http://127.0.0.1:9000/ATServicesRest/',
        '--impersonation-resource-id',
        '29682885',
        '--warning',
        '60',
        '--critical',
        '100',
        '--timeout-seconds',
        '30',
      ]),
    ).toEqual({
      autotaskBaseUrl: 'http://127.0.0.1:9000/ATServicesRest/',
      credentials: {
        username: 'api@example.com',
        secret,
        integrationCode: 'ABC123',
        impersonationResourceId: 29682885,
      },
      warningPercent: 60,
      criticalPercent: 100,
      timeoutSeconds: 30,
    });
    expect(options([...required, '--warning=1', '--critical=2'])).toMatchObject({
      warningPercent: 1,
      criticalPercent: 2,
    });
  });

  it('answers --help and -h with the usage', () => {
    expect(parseCheckArgs(['--help'], {})).toEqual({ help: true });
    expect(parseCheckArgs(['-h'], {})).toEqual({ help: true });
  });

  it('refuses --secret with the same words as the gateway command, without repeating it', () => {
    let gatewayWords = '';
    try {
      parseGatewayArgs([...required, '--secret', 'typed-secret'], env);
    } catch (error) {
      if (!(error instanceof GatewayCommandError)) throw error;
      gatewayWords = error.message;
    }
    expect(gatewayWords).toContain('HEADROOM_SECRET');
    expect(refusal([...required, '--secret', 'typed-secret'])).toBe(gatewayWords);
    expect(refusal([...required, '--secret=typed-secret'])).toBe(gatewayWords);
    expect(refusal([...required, '--secret'])).toBe(gatewayWords);
  });

  it('asks for the API user and for HEADROOM_SECRET', () => {
    expect(refusal(['--integration-code', 'ABC123'])).toContain('--username is required');
    expect(refusal(required, {})).toMatch(/^HEADROOM_SECRET is not set/);
    expect(refusal(required, { HEADROOM_SECRET: '' })).toMatch(/^HEADROOM_SECRET is not set/);
  });

  it('names a bad connection option as it was typed', () => {
    expect(refusal(['--username', 'api@example.com'])).toMatch(/^--integration-code: /);
    expect(refusal(['--username', 'not-an-address', '--integration-code', 'X'])).toMatch(/^--username: /);
    expect(refusal([...required, '--autotask-url', 'http://autotask.example.com/'])).toMatch(
      /^--autotask-url: .*https:\/\//,
    );
    expect(refusal([...required, '--impersonation-resource-id', 'me'])).toMatch(/^--impersonation-resource-id: /);
  });

  it('takes thresholds as whole percent from 1 to 100', () => {
    const words = (option: string) => `${option} must be a whole number of percent from 1 to 100.`;
    for (const bad of ['0', '101', '-5', '75.5', 'abc', '', '1e2']) {
      expect(refusal([...required, `--warning=${bad}`]), bad).toBe(words('--warning'));
      expect(refusal([...required, `--critical=${bad}`]), bad).toBe(words('--critical'));
    }
    expect(options([...required, '--warning', '1', '--critical', '100'])).toMatchObject({
      warningPercent: 1,
      criticalPercent: 100,
    });
  });

  it('wants --warning below --critical, the defaults included', () => {
    expect(refusal([...required, '--warning', '90', '--critical', '90'])).toBe(
      '--warning (90) must be below --critical (90): WARNING is the earlier of the two alerts.',
    );
    expect(refusal([...required, '--warning', '80', '--critical', '70'])).toMatch(/^--warning \(80\) must be below/);
    expect(refusal([...required, '--warning', '95'])).toMatch(/^--warning \(95\) must be below --critical \(90\)/);
    expect(refusal([...required, '--critical', '70'])).toMatch(/^--warning \(75\) must be below --critical \(70\)/);
    expect(options([...required, '--warning', '89'])).toMatchObject({ warningPercent: 89, criticalPercent: 90 });
  });

  it('takes --timeout-seconds as whole seconds from 1 to 300', () => {
    expect(options([...required, '--timeout-seconds', '1']).timeoutSeconds).toBe(1);
    expect(options([...required, '--timeout-seconds', '300']).timeoutSeconds).toBe(300);
    for (const bad of ['0', '301', '2.5', 'ten']) {
      expect(refusal([...required, '--timeout-seconds', bad])).toBe(
        '--timeout-seconds must be a whole number of seconds from 1 to 300.',
      );
    }
  });

  it('says every problem at once', () => {
    const message = refusal([...required, '--autotask-url', 'ftp://x/', '--warning', 'lots', '--timeout-seconds', '0']);
    expect(message).toContain('--autotask-url: ');
    expect(message).toContain('--warning must be');
    expect(message).toContain('--timeout-seconds must be');
    expect(message).not.toContain('\n');
  });

  it('refuses unknown options by name, and never repeats a stray argument', () => {
    expect(refusal([...required, '--warn', '80'])).toContain('--warn');
    const message = refusal([...required, 'typed-secret']);
    expect(message).toBe('headroom check takes options only, and an argument was given without one.');
    expect(message).not.toContain('typed-secret');
  });
});

describe('headroom check: the verdict', () => {
  it('says WARNING in the line monitoring tools expect', () => {
    expect(usageVerdict(reading(7_900), defaults)).toEqual({
      state: 'WARNING',
      exitCode: 1,
      line: 'HEADROOM WARNING - 7,900 of 10,000 calls (79%) in the last 60 min | used=7900;7500;9000;0;10000',
    });
  });

  it('is OK below --warning, WARNING from it, CRITICAL from --critical: the thresholds are inclusive', () => {
    const cases: Array<[number, string]> = [
      [0, 'HEADROOM OK - 0 of 10,000 calls (0%) in the last 60 min | used=0;7500;9000;0;10000'],
      [7_499, 'HEADROOM OK - 7,499 of 10,000 calls (74%) in the last 60 min | used=7499;7500;9000;0;10000'],
      [7_500, 'HEADROOM WARNING - 7,500 of 10,000 calls (75%) in the last 60 min | used=7500;7500;9000;0;10000'],
      [8_999, 'HEADROOM WARNING - 8,999 of 10,000 calls (89%) in the last 60 min | used=8999;7500;9000;0;10000'],
      [9_000, 'HEADROOM CRITICAL - 9,000 of 10,000 calls (90%) in the last 60 min | used=9000;7500;9000;0;10000'],
      [10_000, 'HEADROOM CRITICAL - 10,000 of 10,000 calls (100%) in the last 60 min | used=10000;7500;9000;0;10000'],
      [10_250, 'HEADROOM CRITICAL - 10,250 of 10,000 calls (102%) in the last 60 min | used=10250;7500;9000;0;10000'],
    ];
    for (const [used, line] of cases) expect(usageVerdict(reading(used), defaults).line).toBe(line);
    expect(usageVerdict(reading(7_499), defaults).exitCode).toBe(0);
    expect(usageVerdict(reading(7_500), defaults).exitCode).toBe(1);
    expect(usageVerdict(reading(9_000), defaults).exitCode).toBe(2);
  });

  it('rounds the percentage down, so the words never claim a threshold the count has not reached', () => {
    expect(usageVerdict(reading(7_999), defaults).line).toContain('(79%)');
    expect(usageVerdict(reading(1), defaults).line).toContain('(0%)');
  });

  it('takes the thresholds in percent of the live limit, whatever the limit', () => {
    // 75% of 333 is 249.75 calls: 249 is below it, 250 is the first count at or above it.
    const small = { warningPercent: 75, criticalPercent: 90 };
    expect(usageVerdict(reading(249, 333), small).line).toBe(
      'HEADROOM OK - 249 of 333 calls (74%) in the last 60 min | used=249;250;300;0;333',
    );
    expect(usageVerdict(reading(250, 333), small).state).toBe('WARNING');
    expect(usageVerdict(reading(299, 333), small).state).toBe('WARNING');
    expect(usageVerdict(reading(300, 333), small).state).toBe('CRITICAL');
    expect(usageVerdict(reading(12_000, 20_000, 30), { warningPercent: 50, criticalPercent: 60 }).line).toBe(
      'HEADROOM CRITICAL - 12,000 of 20,000 calls (60%) in the last 30 min | used=12000;10000;12000;0;20000',
    );
    expect(usageVerdict(reading(9_999), { warningPercent: 99, criticalPercent: 100 }).state).toBe('WARNING');
    expect(usageVerdict(reading(10_000), { warningPercent: 99, criticalPercent: 100 }).state).toBe('CRITICAL');
  });

  it('cannot judge a limit of zero', () => {
    expect(usageVerdict(reading(5, 0), defaults)).toEqual({
      state: 'UNKNOWN',
      exitCode: 3,
      line: 'HEADROOM UNKNOWN - Autotask reported an API limit of 0 calls, so the usage cannot be judged.',
    });
  });

  it('reads a 429 for the hourly limit as CRITICAL: the tenant is at the cap now', () => {
    expect(atLimitVerdict(1_500_000)).toEqual({
      state: 'CRITICAL',
      exitCode: 2,
      line: "HEADROOM CRITICAL - the tenant is at Autotask's API limit: Autotask refused the usage check (calls resume in about 1,500 s)",
    });
    const throttled = new AutotaskThrottledError('rate-limited', 'GET ThresholdInformation: HTTP 429', 61_000);
    expect(errorVerdict(throttled, options(required)).line).toMatch(/^HEADROOM CRITICAL - .*about 61 s\)$/);
  });

  it('says UNKNOWN with the reason in words for every failure to read', () => {
    const command = options(required);
    const lineOf = (error: unknown) => {
      const verdict = errorVerdict(error, command);
      expect(verdict.exitCode).toBe(3);
      return verdict.line;
    };
    expect(lineOf(new AutotaskError('bad-credentials', 'HTTP 401'))).toBe(
      'HEADROOM UNKNOWN - Autotask did not accept the API credentials: check --username, --integration-code and HEADROOM_SECRET.',
    );
    expect(lineOf(new AutotaskError('unknown-user', 'HTTP 500'))).toBe(
      'HEADROOM UNKNOWN - Autotask does not know the API user "api@example.com": check --username.',
    );
    expect(lineOf(new AutotaskError('timeout', 'no answer'))).toBe(
      'HEADROOM UNKNOWN - Autotask did not answer within 10 s.',
    );
    expect(lineOf(new AutotaskError('aborted', 'cancelled'))).toBe(
      'HEADROOM UNKNOWN - Autotask did not answer within 10 s.',
    );
    expect(lineOf(new AutotaskError('not-found', 'HTTP 404'))).toMatch(/Check --autotask-url\.$/);
    expect(lineOf(new AutotaskThrottledError('thread-limit', 'HTTP 429', 1_000))).toMatch(
      /^HEADROOM UNKNOWN - Too many calls at once/,
    );
    expect(
      lineOf(new AutotaskError('network', 'x', { userMessage: 'Could not reach Autotask at example.com. Check.' })),
    ).toBe('HEADROOM UNKNOWN - Could not reach Autotask at example.com. Check.');
  });

  it('keeps the words on one line with no perfdata bar in them, and never shows an unexpected error', () => {
    const validation = new AutotaskError('validation', 'x', { userMessage: 'Autotask rejected it:\n a | b' });
    expect(errorVerdict(validation, options(required)).line).toBe('HEADROOM UNKNOWN - Autotask rejected it: a / b');
    const leaky = new Error(`fetch failed with Secret: ${secret}`);
    expect(errorVerdict(leaky, options(required)).line).toBe(
      "HEADROOM UNKNOWN - Headroom could not read the tenant's usage.",
    );
  });
});

describe('headroom check: the whole command', () => {
  it('turns a bad command line into UNKNOWN, in one line', async () => {
    const outcome = await runCheckCommand([...required, '--warning', '95'], env);
    expect(outcome).toEqual({
      exitCode: 3,
      output:
        'HEADROOM UNKNOWN - --warning (95) must be below --critical (90): WARNING is the earlier of the two alerts.',
    });
    expect((await runCheckCommand([...required, '--secret', 'x'], env)).output).toMatch(
      /^HEADROOM UNKNOWN - --secret is not accepted/,
    );
    expect(await runCheckCommand(required, {})).toMatchObject({ exitCode: 3 });
  });

  it('prints the usage for --help and exits 0', async () => {
    const outcome = await runCheckCommand(['--help'], {});
    expect(outcome.exitCode).toBe(0);
    expect(outcome.output).toMatch(/^Usage: headroom check /);
    for (const option of ['--autotask-url', '--username', '--integration-code', '--impersonation-resource-id']) {
      expect(outcome.output).toContain(option);
    }
    for (const option of ['--warning', '--critical', '--timeout-seconds', '-h, --help', 'HEADROOM_SECRET']) {
      expect(outcome.output).toContain(option);
    }
  });

  it('never prints the secret, even when it was typed as an option name', async () => {
    const outcome = await runCheckCommand([...required, `--${secret}`], env);
    expect(outcome.exitCode).toBe(3);
    expect(outcome.output).not.toContain(secret);
    expect(outcome.output).toContain('[redacted]');
  });
});
