/**
 * `headroom check`: reads the tenant's ThresholdInformation once and answers in the Nagios plugin convention that
 * RMM and monitoring tools expect: one line on stdout, and the exit code 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
 * Parsing and the verdict are pure functions; runCheckCommand() is the whole command and never throws.
 */
import { AutotaskClient, AutotaskError, AutotaskThrottledError, redact, type Credentials } from '../autotask';
import type { ThresholdInformation } from '../autotask';
import type { RetryPolicy } from '../autotask/retry-policy';
import { systemClock, type Clock } from '../core/clock';
import { defaultSettings } from '../core/settings/settings';
import { defaultThrottleSettings } from '../core/settings/throttle-settings';
import { applySettingsChange } from '../core/settings/validate';
import { UserFacingError } from '../core/user-facing-error';
import {
  connectionChange,
  connectionOptionsHelp,
  credentialsOf,
  optionsHelp,
  parseCommandOptions,
  problemsAsOptions,
  secretFromEnvironment,
  secretHelp,
} from './connection-options';

export class CheckCommandError extends UserFacingError {
  override readonly name = 'CheckCommandError';
}

/** The thresholds default to where the throttle slows down and where it puts non-critical calls to sleep. */
export const defaultWarningPercent = defaultThrottleSettings.slowAtPercent;
export const defaultCriticalPercent = defaultThrottleSettings.sleepAtPercent;
export const defaultTimeoutSeconds = 10;
const maxTimeoutSeconds = 300;

export const checkUsage = `Usage: headroom check --autotask-url URL --username USER --integration-code CODE [options]

Reads the tenant's API usage (ThresholdInformation) once and prints one line for an RMM or monitoring tool, in
the Nagios plugin convention. Exit codes: 0 OK, 1 WARNING (usage at or above --warning), 2 CRITICAL (at or above
--critical, or Autotask refusing calls at the limit), 3 UNKNOWN (cannot connect, credentials refused, bad options).
${secretHelp}

Options:
${optionsHelp([
  ...connectionOptionsHelp,
  ['--warning PERCENT', `WARNING at or above this share of the limit (default ${defaultWarningPercent})`],
  ['--critical PERCENT', `CRITICAL at or above this share of the limit (default ${defaultCriticalPercent})`],
  ['--timeout-seconds N', `give up (UNKNOWN) after this long (default ${defaultTimeoutSeconds})`],
])}`;

export interface CheckThresholds {
  /** Whole percent of the tenant's live limit, 1..100, below criticalPercent. */
  warningPercent: number;
  criticalPercent: number;
}

export interface CheckOptions extends CheckThresholds {
  autotaskBaseUrl: string;
  credentials: Credentials;
  timeoutSeconds: number;
}

export type CheckCommand = { help: true } | { help: false; options: CheckOptions };

/** The command line and the environment as check options; a CheckCommandError says in words what is wrong. */
export function parseCheckArgs(args: readonly string[], env: NodeJS.ProcessEnv): CheckCommand {
  const values = parsedArgs(args);
  if (values.help) return { help: true };
  if (!values.username) throw new CheckCommandError('--username is required: the Autotask API user to check with.');
  const secret = secretFromEnvironment(env, refuse);

  const problems: string[] = [];
  const checked = applySettingsChange(defaultSettings, { connection: connectionChange(values) });
  if (!checked.ok) problems.push(...problemsAsOptions(checked.problems));
  const warningPercent = wholeNumber('--warning', values.warning, defaultWarningPercent, 1, 100, 'percent', problems);
  const criticalPercent = wholeNumber(
    '--critical',
    values.critical,
    defaultCriticalPercent,
    1,
    100,
    'percent',
    problems,
  );
  const timeoutSeconds = wholeNumber(
    '--timeout-seconds',
    values['timeout-seconds'],
    defaultTimeoutSeconds,
    1,
    maxTimeoutSeconds,
    'seconds',
    problems,
  );
  if (warningPercent >= criticalPercent) {
    problems.push(
      `--warning (${warningPercent}) must be below --critical (${criticalPercent}): ` +
        'WARNING is the earlier of the two alerts.',
    );
  }
  if (!checked.ok || problems.length > 0) throw new CheckCommandError(problems.join(' '));
  const { connection } = checked.value;
  return {
    help: false,
    options: {
      autotaskBaseUrl: connection.autotaskBaseUrl,
      credentials: credentialsOf(connection, secret),
      warningPercent,
      criticalPercent,
      timeoutSeconds,
    },
  };
}

function parsedArgs(args: readonly string[]) {
  return parseCommandOptions(
    'check',
    args,
    { warning: { type: 'string' }, critical: { type: 'string' }, 'timeout-seconds': { type: 'string' } } as const,
    refuse,
  );
}

function refuse(message: string): CheckCommandError {
  return new CheckCommandError(message);
}

function wholeNumber(
  option: string,
  text: string | undefined,
  fallback: number,
  min: number,
  max: number,
  unit: string,
  problems: string[],
): number {
  if (text === undefined) return fallback;
  const trimmed = text.trim();
  const value = /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  if (value >= min && value <= max) return value;
  problems.push(`${option} must be a whole number of ${unit} from ${min} to ${max}.`);
  return NaN; // refused: compares false with anything, so no second complaint follows from it
}

// ---------------------------------------------------------------------------------------------------------------
// The verdict

export type CheckState = 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN';

export const exitCodeOf: Readonly<Record<CheckState, 0 | 1 | 2 | 3>> = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 };

export interface CheckResult {
  state: CheckState;
  exitCode: 0 | 1 | 2 | 3;
  /** One line, for stdout: "HEADROOM <STATE> - <what> [| perfdata]". */
  line: string;
}

const calls = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/**
 * The smallest whole count at or above `percent` of `limit`. Counts are whole, so "at or above the threshold" is
 * exactly "at or above this many calls", and the perfdata shows the count that alerts.
 */
export function thresholdCalls(limit: number, percent: number): number {
  return Math.ceil((limit * percent) / 100);
}

/** One reading against the thresholds (inclusive: a count at or above --warning is WARNING). */
export function usageVerdict(reading: ThresholdInformation, thresholds: CheckThresholds): CheckResult {
  const { used, limit, timeframeMinutes } = reading;
  if (!(Number.isFinite(limit) && limit > 0)) {
    return unknownVerdict(`Autotask reported an API limit of ${String(limit)} calls, so the usage cannot be judged.`);
  }
  const warning = thresholdCalls(limit, thresholds.warningPercent);
  const critical = thresholdCalls(limit, thresholds.criticalPercent);
  const state: CheckState = used >= critical ? 'CRITICAL' : used >= warning ? 'WARNING' : 'OK';
  const percent = Math.floor((used * 100) / limit);
  const text = `${calls.format(used)} of ${calls.format(limit)} calls (${percent}%) in the last ${calls.format(timeframeMinutes)} min`;
  return result(state, text, `used=${used};${warning};${critical};0;${limit}`);
}

/** Autotask refused the usage check itself for the hourly limit: the tenant is at the cap right now. */
export function atLimitVerdict(retryAfterMs: number): CheckResult {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  return result(
    'CRITICAL',
    `the tenant is at Autotask's API limit: Autotask refused the usage check (calls resume in about ${calls.format(seconds)} s)`,
  );
}

export function unknownVerdict(reason: string): CheckResult {
  return result('UNKNOWN', reason);
}

/** Why the reading failed, in words for the person reading the alert; never a request, a header or a stack. */
export function errorVerdict(
  error: unknown,
  options: Pick<CheckOptions, 'credentials' | 'timeoutSeconds'>,
): CheckResult {
  if (!(error instanceof AutotaskError)) return unknownVerdict("Headroom could not read the tenant's usage.");
  switch (error.kind) {
    case 'rate-limited':
      return atLimitVerdict(error instanceof AutotaskThrottledError ? error.retryAfterMs : 0);
    case 'bad-credentials':
      return unknownVerdict(
        'Autotask did not accept the API credentials: check --username, --integration-code and HEADROOM_SECRET.',
      );
    case 'unknown-user':
      return unknownVerdict(`Autotask does not know the API user "${options.credentials.username}": check --username.`);
    case 'not-found':
      return unknownVerdict(`${error.userMessage} Check --autotask-url.`);
    case 'timeout':
    case 'aborted':
      return unknownVerdict(`Autotask did not answer within ${options.timeoutSeconds} s.`);
    default:
      return unknownVerdict(error.userMessage);
  }
}

/**
 * Monitoring tools read the text before the first `|` as the message and the rest as perfdata, and only the first
 * line: a `|` or a line break in the words (Autotask's own text, say) would cut them short.
 */
function result(state: CheckState, words: string, perfdata?: string): CheckResult {
  const text = words.replace(/\|/g, '/').replace(/\s+/g, ' ').trim();
  const line = `HEADROOM ${state} - ${text}${perfdata === undefined ? '' : ` | ${perfdata}`}`;
  return { state, exitCode: exitCodeOf[state], line };
}

// ---------------------------------------------------------------------------------------------------------------
// The runner

export interface CheckDeps {
  clock?: Clock;
  /** The client's retries of a failed read (network, 5xx, timeout), all within --timeout-seconds. */
  retry?: Partial<RetryPolicy>;
}

/** Reads ThresholdInformation once (after the zone lookup) and judges it; every failure is a verdict. */
export async function runCheck(options: CheckOptions, deps: CheckDeps = {}): Promise<CheckResult> {
  const clock = deps.clock ?? systemClock;
  const timeoutMs = options.timeoutSeconds * 1000;
  const deadline = new AbortController();
  const timer = clock.setTimeout(() => deadline.abort(), timeoutMs);
  try {
    const client = new AutotaskClient({
      credentials: options.credentials,
      baseUrl: options.autotaskBaseUrl,
      timeoutMs,
      clock,
      ...(deps.retry ? { retry: deps.retry } : {}),
    });
    return usageVerdict(await client.thresholdInformation({ signal: deadline.signal }), options);
  } catch (error) {
    return errorVerdict(error, options);
  } finally {
    clock.clearTimeout(timer);
  }
}

export interface CheckOutcome {
  exitCode: 0 | 1 | 2 | 3;
  /** What to print on stdout: the one status line, or the help text. */
  output: string;
}

/** The whole `headroom check`: never throws, and its output never holds HEADROOM_SECRET. */
export async function runCheckCommand(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  deps: CheckDeps = {},
): Promise<CheckOutcome> {
  let verdict: CheckResult;
  try {
    const command = parseCheckArgs(args, env);
    if (command.help) return { exitCode: 0, output: checkUsage };
    verdict = await runCheck(command.options, deps);
  } catch (error) {
    verdict =
      error instanceof CheckCommandError
        ? unknownVerdict(error.message)
        : unknownVerdict("Headroom could not read the tenant's usage.");
  }
  const secret = env['HEADROOM_SECRET'];
  return { exitCode: verdict.exitCode, output: secret ? redact(verdict.line, [secret]) : verdict.line };
}
