/**
 * `headroom serve`: the Monitor, the gateway and the popover's UI in a browser, without Electron. Its connection
 * options are settings, checked by the settings schema, and a bad one is named as the option the user typed.
 */
import { parseArgs } from 'node:util';
import type { Credentials } from '../autotask';
import { defaultSettings, type Settings } from '../core/settings/settings';
import { applySettingsChange } from '../core/settings/validate';
import type { HostServer } from './host-server';

export class ServeCommandError extends Error {
  override readonly name = 'ServeCommandError';
}

/** Beside the gateway's 4866, and for the same reasons (see defaultGatewayPort). */
export const defaultUiPort = 4867;

export const serveUsage = `Usage: headroom serve --demo [options]
       headroom serve --username USER --integration-code CODE [--autotask-url URL] [options]

Runs Headroom without a desktop: the throttle, the local gateway and the popover's UI, served to a browser on
127.0.0.1, with /metrics for Prometheus. With --demo it watches a simulated tenant, so nothing needs setting up.
The API user's secret is read from the environment variable HEADROOM_SECRET, never from the command line.

Options:
  --demo                      watch a simulated tenant instead of a real one
  --autotask-url URL          where zone discovery starts (default ${defaultSettings.connection.autotaskBaseUrl})
  --username USER             the API user (an e-mail address)
  --integration-code CODE     the API tracking identifier
  --port N                    the UI's port on 127.0.0.1; 0 picks a free one (default ${defaultUiPort})
  --gateway-port N            the gateway's port on 127.0.0.1; 0 picks a free one (default ${defaultSettings.gateway.port})
  -h, --help                  this text`;

export type ServeCommand =
  | { help: true }
  | { help: false; demo: true; uiPort: number; settings: Settings }
  | { help: false; demo: false; uiPort: number; settings: Settings; credentials: Credentials };

/** Settings fields as the options that set them, so a refusal names what the user typed. */
const optionOfField: Record<string, string> = {
  'connection.autotaskBaseUrl': '--autotask-url',
  'connection.username': '--username',
  'connection.integrationCode': '--integration-code',
  'gateway.port': '--gateway-port',
};

const connectionOptions = ['autotask-url', 'username', 'integration-code'] as const;

export function parseServeArgs(args: readonly string[], env: NodeJS.ProcessEnv): ServeCommand {
  const values = parsedArgs(args);
  if (values.help) return { help: true };
  if (values.secret !== undefined) {
    throw new ServeCommandError(
      '--secret is not accepted: other users of this computer can read command lines. Set HEADROOM_SECRET instead.',
    );
  }
  const uiPort = uiPortOf(values.port);
  const gatewayPort = numberIfGiven('port', values['gateway-port']);
  if (values.demo) {
    const given = connectionOptions.filter((option) => values[option] !== undefined);
    if (given.length > 0) {
      throw new ServeCommandError(
        `--demo watches a simulated tenant: leave out ${given.map((option) => `--${option}`).join(', ')}, or --demo.`,
      );
    }
    return { help: false, demo: true, uiPort, settings: checkedSettings({ gateway: gatewayPort }, uiPort) };
  }
  if (!values.username) {
    throw new ServeCommandError(
      '--username is required: the Autotask API user to watch with (or --demo, to watch a simulated tenant).',
    );
  }
  const secret = env['HEADROOM_SECRET'];
  if (!secret) {
    throw new ServeCommandError(
      "HEADROOM_SECRET is not set: put the API user's secret in it (e.g. read -s HEADROOM_SECRET; export HEADROOM_SECRET).",
    );
  }
  const settings = checkedSettings(
    {
      connection: {
        ...(values['autotask-url'] !== undefined ? { autotaskBaseUrl: values['autotask-url'] } : {}),
        username: values.username,
        integrationCode: values['integration-code'] ?? '',
      },
      gateway: gatewayPort,
    },
    uiPort,
  );
  const { connection } = settings;
  return {
    help: false,
    demo: false,
    uiPort,
    settings,
    credentials: { username: connection.username, secret, integrationCode: connection.integrationCode },
  };
}

/** The first two lines `headroom serve` prints, which people and test harnesses read the addresses from. */
export function printServingAddresses(
  host: Pick<HostServer, 'url'>,
  gatewayBaseUrl: string,
  print: (line: string) => void = console.log,
): void {
  print(`Headroom UI at ${host.url}`);
  print(`Headroom gateway at ${gatewayBaseUrl}`);
}

function parsedArgs(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        demo: { type: 'boolean' },
        'autotask-url': { type: 'string' },
        username: { type: 'string' },
        'integration-code': { type: 'string' },
        port: { type: 'string' },
        'gateway-port': { type: 'string' },
        secret: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    throw new ServeCommandError((error as Error).message);
  }
}

function checkedSettings(patch: object, uiPort: number): Settings {
  const checked = applySettingsChange(defaultSettings, patch);
  if (!checked.ok) {
    const lines = checked.problems.map(({ field, message }) => `${optionOfField[field] ?? field}: ${message}`);
    throw new ServeCommandError(lines.join('\n'));
  }
  if (uiPort !== 0 && uiPort === checked.value.gateway.port) {
    throw new ServeCommandError('--port and --gateway-port must differ: the UI and the gateway each need a port.');
  }
  return checked.value;
}

function uiPortOf(text: string | undefined): number {
  if (text === undefined) return defaultUiPort;
  const port = Number(text.trim());
  if (text.trim() !== '' && Number.isInteger(port) && port >= 0 && port <= 65535) return port;
  throw new ServeCommandError('--port: the UI port must be a whole number from 0 to 65535 (0 picks a free one).');
}

/** A number where one was given; the text as it is otherwise, so the schema names the option it came from. */
function numberIfGiven(field: string, text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  const trimmed = text.trim();
  return { [field]: trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : text };
}
