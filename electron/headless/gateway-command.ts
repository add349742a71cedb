/**
 * `headroom gateway`: the poller, the throttle and the local gateway without any UI. Its options are settings,
 * so they are checked by the settings schema and a bad one is named as the option the user typed.
 */
import { parseArgs } from 'node:util';
import type { Credentials } from '../autotask';
import { defaultSettings, type Settings } from '../core/settings/settings';
import { applySettingsChange } from '../core/settings/validate';

export class GatewayCommandError extends Error {
  override readonly name = 'GatewayCommandError';
}

export const gatewayUsage = `Usage: headroom gateway --autotask-url URL --username USER --integration-code CODE [options]

Watches the tenant's API usage and runs the local gateway: point a script's Autotask base URL at the address it
prints, and its calls are throttled by priority (header X-Headroom-Priority: critical, normal or background).
The API user's secret is read from the environment variable HEADROOM_SECRET, never from the command line.

Options:
  --autotask-url URL             where zone discovery starts (default ${defaultSettings.connection.autotaskBaseUrl})
  --username USER                the API user (an e-mail address)
  --integration-code CODE        the API tracking identifier
  --impersonation-resource-id N  act as this resource (optional)
  --port N                       the gateway's port on 127.0.0.1; 0 picks a free one (default ${defaultSettings.gateway.port})
  --max-hold-seconds N           how long a call may be held before it is answered 429 (default ${defaultSettings.gateway.maxHoldSeconds})
  -h, --help                     this text`;

/** Settings fields as the options that set them, so a refusal names what the user typed. */
const optionOfField: Record<string, string> = {
  'connection.autotaskBaseUrl': '--autotask-url',
  'connection.username': '--username',
  'connection.integrationCode': '--integration-code',
  'connection.impersonationResourceId': '--impersonation-resource-id',
  'gateway.port': '--port',
  'gateway.maxHoldSeconds': '--max-hold-seconds',
};

export type GatewayCommand = { help: true } | { help: false; settings: Settings; credentials: Credentials };

export function parseGatewayArgs(args: readonly string[], env: NodeJS.ProcessEnv): GatewayCommand {
  const values = parsedArgs(args);
  if (values.help) return { help: true };
  if (values.secret !== undefined) {
    throw new GatewayCommandError(
      '--secret is not accepted: other users of this computer can read command lines. Set HEADROOM_SECRET instead.',
    );
  }
  if (!values.username) throw new GatewayCommandError('--username is required: the Autotask API user to watch with.');
  const secret = env['HEADROOM_SECRET'];
  if (!secret) {
    throw new GatewayCommandError(
      "HEADROOM_SECRET is not set: put the API user's secret in it (e.g. read -s HEADROOM_SECRET; export HEADROOM_SECRET).",
    );
  }
  const checked = applySettingsChange(defaultSettings, {
    connection: {
      ...(values['autotask-url'] !== undefined ? { autotaskBaseUrl: values['autotask-url'] } : {}),
      username: values.username,
      integrationCode: values['integration-code'] ?? '',
      ...numberIfGiven('impersonationResourceId', values['impersonation-resource-id']),
    },
    gateway: {
      ...numberIfGiven('port', values.port),
      ...numberIfGiven('maxHoldSeconds', values['max-hold-seconds']),
    },
  });
  if (!checked.ok) {
    const lines = checked.problems.map(({ field, message }) => `${optionOfField[field] ?? field}: ${message}`);
    throw new GatewayCommandError(lines.join('\n'));
  }
  const { connection } = checked.value;
  return {
    help: false,
    settings: checked.value,
    credentials: {
      username: connection.username,
      secret,
      integrationCode: connection.integrationCode,
      ...(connection.impersonationResourceId !== undefined
        ? { impersonationResourceId: connection.impersonationResourceId }
        : {}),
    },
  };
}

function parsedArgs(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        'autotask-url': { type: 'string' },
        username: { type: 'string' },
        'integration-code': { type: 'string' },
        'impersonation-resource-id': { type: 'string' },
        port: { type: 'string' },
        'max-hold-seconds': { type: 'string' },
        secret: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new GatewayCommandError((error as Error).message);
  }
}

/** A number where one was given; the text as it is otherwise, so the schema names the option it came from. */
function numberIfGiven(field: string, text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  const trimmed = text.trim();
  return { [field]: trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : text };
}
