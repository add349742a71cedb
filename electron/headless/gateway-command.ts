/**
 * `headroom gateway`: the poller, the throttle and the local gateway without any UI. Its options are settings,
 * so they are checked by the settings schema and a bad one is named as the option the user typed.
 */
import type { Credentials } from '../autotask';
import { defaultSettings, type Settings } from '../core/settings/settings';
import { applySettingsChange } from '../core/settings/validate';
import { UserFacingError } from '../core/user-facing-error';
import {
  connectionChange,
  connectionOptionsHelp,
  credentialsOf,
  numberIfGiven,
  optionsHelp,
  parseCommandOptions,
  problemsAsOptions,
  secretFromEnvironment,
  secretHelp,
} from './connection-options';

export class GatewayCommandError extends UserFacingError {
  override readonly name = 'GatewayCommandError';
}

export const gatewayUsage = `Usage: headroom gateway --autotask-url URL --username USER --integration-code CODE [options]

Watches the tenant's API usage and runs the local gateway: point a script's Autotask base URL at the address it
prints, and its calls are throttled by priority (header X-Headroom-Priority: critical, normal or background).
${secretHelp}

Options:
${optionsHelp([
  ...connectionOptionsHelp,
  ['--port N', `the gateway's port on 127.0.0.1; 0 picks a free one (default ${defaultSettings.gateway.port})`],
  [
    '--max-hold-seconds N',
    `how long a call may be held before it is answered 429 (default ${defaultSettings.gateway.maxHoldSeconds})`,
  ],
])}`;

/** The gateway's own options, as the settings they set, so a refusal names what the user typed. */
const gatewayOptionOfField = { 'gateway.port': '--port', 'gateway.maxHoldSeconds': '--max-hold-seconds' };

export type GatewayCommand = { help: true } | { help: false; settings: Settings; credentials: Credentials };

export function parseGatewayArgs(args: readonly string[], env: NodeJS.ProcessEnv): GatewayCommand {
  const values = parsedArgs(args);
  if (values.help) return { help: true };
  if (!values.username) throw new GatewayCommandError('--username is required: the Autotask API user to watch with.');
  const secret = secretFromEnvironment(env, refuse);
  const checked = applySettingsChange(defaultSettings, {
    connection: connectionChange(values),
    gateway: {
      ...numberIfGiven('port', values.port),
      ...numberIfGiven('maxHoldSeconds', values['max-hold-seconds']),
    },
  });
  if (!checked.ok) {
    throw new GatewayCommandError(problemsAsOptions(checked.problems, gatewayOptionOfField).join('\n'));
  }
  const { connection } = checked.value;
  return {
    help: false,
    settings: checked.value,
    credentials: credentialsOf(connection, secret),
  };
}

function parsedArgs(args: readonly string[]) {
  return parseCommandOptions(
    'gateway',
    args,
    { port: { type: 'string' }, 'max-hold-seconds': { type: 'string' } } as const,
    refuse,
  );
}

function refuse(message: string): GatewayCommandError {
  return new GatewayCommandError(message);
}
