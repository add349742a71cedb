/**
 * `headroom serve`: the Monitor, the gateway and the popover's UI in a browser, without Electron. Its connection
 * options are settings, checked by the settings schema, and a bad one is named as the option the user typed.
 */
import type { Credentials } from '../autotask';
import { defaultSettings, type Settings } from '../core/settings/settings';
import { applySettingsChange } from '../core/settings/validate';
import { UserFacingError } from '../core/user-facing-error';
import type { HostServer } from './host-server';
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

export class ServeCommandError extends UserFacingError {
  override readonly name = 'ServeCommandError';
}

/** Beside the gateway's 4866, and for the same reasons (see defaultGatewayPort). */
export const defaultUiPort = 4867;

export const serveUsage = `Usage: headroom serve --demo [options]
       headroom serve --username USER --integration-code CODE [--autotask-url URL] [options]

Runs Headroom without a desktop: the throttle, the local gateway and the popover's UI, served to a browser on
127.0.0.1, with /metrics for Prometheus. With --demo it watches a simulated tenant, so nothing needs setting up.
${secretHelp}

Options:
${optionsHelp([
  ['--demo', 'watch a simulated tenant instead of a real one'],
  ...connectionOptionsHelp,
  ['--port N', `the UI's port on 127.0.0.1; 0 picks a free one (default ${defaultUiPort})`],
  ['--gateway-port N', `the gateway's port on 127.0.0.1; 0 picks a free one (default ${defaultSettings.gateway.port})`],
])}`;

export type ServeCommand =
  | { help: true }
  | { help: false; demo: true; uiPort: number; settings: Settings }
  | { help: false; demo: false; uiPort: number; settings: Settings; credentials: Credentials };

/** serve's own option, as the setting it sets, so a refusal names what the user typed. */
const serveOptionOfField = { 'gateway.port': '--gateway-port' };

const connectionOptions = ['autotask-url', 'username', 'integration-code', 'impersonation-resource-id'] as const;

export function parseServeArgs(args: readonly string[], env: NodeJS.ProcessEnv): ServeCommand {
  const values = parsedArgs(args);
  if (values.help) return { help: true };
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
  const secret = secretFromEnvironment(env, refuse);
  const settings = checkedSettings({ connection: connectionChange(values), gateway: gatewayPort }, uiPort);
  return { help: false, demo: false, uiPort, settings, credentials: credentialsOf(settings.connection, secret) };
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
  return parseCommandOptions(
    'serve',
    args,
    { demo: { type: 'boolean' }, port: { type: 'string' }, 'gateway-port': { type: 'string' } } as const,
    refuse,
  );
}

function refuse(message: string): ServeCommandError {
  return new ServeCommandError(message);
}

function checkedSettings(patch: object, uiPort: number): Settings {
  const checked = applySettingsChange(defaultSettings, patch);
  if (!checked.ok) {
    throw new ServeCommandError(problemsAsOptions(checked.problems, serveOptionOfField).join('\n'));
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
