/**
 * What `headroom gateway`, `serve` and `check` share on their command lines: the connection options and their
 * help, the secret taken only from the environment (a command line is readable by every user of the computer), and
 * refusals that name the option the user typed rather than the setting behind it.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Credentials } from '../autotask';
import { defaultSettings, type ConnectionSettings } from '../core/settings/settings';
import type { SettingsProblem } from '../core/settings/problems';

/** The options every command that talks to a tenant takes (for node:util parseArgs). */
export const connectionOptionSpecs = {
  'autotask-url': { type: 'string' },
  username: { type: 'string' },
  'integration-code': { type: 'string' },
  'impersonation-resource-id': { type: 'string' },
} as const;

/** An option and what it does, as its command's --help shows them. */
export type OptionHelp = readonly [option: string, meaning: string];

export const connectionOptionsHelp: readonly OptionHelp[] = [
  ['--autotask-url URL', `where zone discovery starts (default ${defaultSettings.connection.autotaskBaseUrl})`],
  ['--username USER', 'the API user (an e-mail address)'],
  ['--integration-code CODE', 'the API tracking identifier'],
  ['--impersonation-resource-id N', 'act as this resource (optional)'],
];

/** The last line of every command's description. */
export const secretHelp =
  "The API user's secret is read from the environment variable HEADROOM_SECRET, never from the command line.";

/** A command's options for its --help, -h last, the meanings in one column. */
export function optionsHelp(options: readonly OptionHelp[]): string {
  const all = [...options, ['-h, --help', 'this text'] as const];
  const width = Math.max(...all.map(([option]) => option.length)) + 2;
  return all.map(([option, meaning]) => `  ${option.padEnd(width)}${meaning}`).join('\n');
}

export interface ConnectionOptionValues {
  'autotask-url'?: string | undefined;
  username?: string | undefined;
  'integration-code'?: string | undefined;
  'impersonation-resource-id'?: string | undefined;
}

const secretFlagRefusal =
  '--secret is not accepted: other users of this computer can read command lines. Set HEADROOM_SECRET instead.';
const missingSecret =
  "HEADROOM_SECRET is not set: put the API user's secret in it (e.g. read -s HEADROOM_SECRET; export HEADROOM_SECRET).";

/** Whether the command line tries to pass the secret, with or without a value. */
function triesSecretFlag(args: readonly string[]): boolean {
  return args.some((arg) => arg === '--secret' || arg.startsWith('--secret='));
}

/** The secret from HEADROOM_SECRET; refused when it is not set. */
export function secretFromEnvironment(env: NodeJS.ProcessEnv, refuse: (message: string) => Error): string {
  const secret = env['HEADROOM_SECRET'];
  if (!secret) throw refuse(missingSecret);
  return secret;
}

/** The connection options as a settings change, for the settings schema to check. */
export function connectionChange(values: ConnectionOptionValues): Record<string, unknown> {
  return {
    ...(values['autotask-url'] !== undefined ? { autotaskBaseUrl: values['autotask-url'] } : {}),
    username: values.username,
    integrationCode: values['integration-code'] ?? '',
    ...numberIfGiven('impersonationResourceId', values['impersonation-resource-id']),
  };
}

export function credentialsOf(connection: ConnectionSettings, secret: string): Credentials {
  return {
    username: connection.username,
    secret,
    integrationCode: connection.integrationCode,
    ...(connection.impersonationResourceId !== undefined
      ? { impersonationResourceId: connection.impersonationResourceId }
      : {}),
  };
}

const connectionOptionOfField: Record<string, string> = {
  'connection.autotaskBaseUrl': '--autotask-url',
  'connection.username': '--username',
  'connection.integrationCode': '--integration-code',
  'connection.impersonationResourceId': '--impersonation-resource-id',
};

/** Each problem as the option that set the field (`more` adds a command's own options), one per line. */
export function problemsAsOptions(problems: readonly SettingsProblem[], more: Record<string, string> = {}): string[] {
  const optionOf = { ...connectionOptionOfField, ...more };
  return problems.map(({ field, message }) => `${optionOf[field] ?? field}: ${message}`);
}

/** A number where one was given; the text as it is otherwise, so the schema names the option it came from. */
export function numberIfGiven(field: string, text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  const trimmed = text.trim();
  return { [field]: trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : text };
}

/**
 * A command's options, with the connection options and --help, parsed strictly. --secret is refused before
 * anything else, with or without its value, and a stray argument is not repeated in the refusal: it may be a
 * secret typed in the wrong place.
 */
export function parseCommandOptions<T extends NonNullable<ParseArgsConfig['options']>>(
  command: string,
  args: readonly string[],
  options: T,
  refuse: (message: string) => Error,
) {
  if (triesSecretFlag(args)) throw refuse(secretFlagRefusal);
  try {
    return parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: { ...connectionOptionSpecs, ...options, help: { type: 'boolean', short: 'h' } },
    }).values;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      throw refuse(`headroom ${command} takes options only, and an argument was given without one.`);
    }
    throw refuse((error as Error).message);
  }
}
