import { parseArgs } from 'node:util';
import { UserFacingError } from '../core/user-facing-error';
import { describeIssues, simulatorOptionsSchema } from './option-schemas';
import { demoUser, loadProfiles, type ApiUser, type Simulator, type SimulatorOptions } from './options';

/** A command line the simulate command cannot run; the message names the option. */
export class CommandLineError extends UserFacingError {
  override readonly name = 'CommandLineError';
}

export const simulateUsage = `Usage: headroom simulate [options]

Runs an Autotask REST API simulator on 127.0.0.1 and prints its base URL and the demo credentials.

Options:
  --port N                    port to listen on; 0 picks a free one (default 0)
  --limit N                   requests allowed per timeframe (default 10000)
  --timeframe-minutes N       length of the rolling window (default 60)
  --load PROFILE              other integrations' load: ${loadProfiles.join(', ')} (default steady)
  --user NAME:SECRET:CODE     another API user (repeatable; the demo user is always there)
  --no-latency                no usage-based latency (+0.5 s from 50 %, +1 s from 75 % of the limit)
  --base-latency-ms N         fixed time added to every call (default 0)
  --seed N                    seed for the data and the load (default 1)
  -h, --help                  this text`;

const optionNames: Record<string, string> = {
  port: '--port',
  limit: '--limit',
  timeframeMinutes: '--timeframe-minutes',
  load: '--load',
  users: '--user',
  latency: '--no-latency',
  baseLatencyMs: '--base-latency-ms',
  seed: '--seed',
};

export type SimulateCommand = { help: true } | { help: false; options: SimulatorOptions };

export function parseSimulateArgs(args: readonly string[]): SimulateCommand {
  const { values } = parsedArgs(args);
  if (values.help) return { help: true };
  const users = (values.user ?? []).map(userFrom);
  const options: SimulatorOptions = {
    port: integerOption('--port', values.port) ?? 0,
    limit: integerOption('--limit', values.limit),
    timeframeMinutes: numberOption('--timeframe-minutes', values['timeframe-minutes']),
    load: (values.load ?? 'steady') as SimulatorOptions['load'],
    users: [...users, ...(users.some((user) => sameName(user, demoUser)) ? [] : [demoUser])],
    latency: !values['no-latency'],
    baseLatencyMs: integerOption('--base-latency-ms', values['base-latency-ms']),
    seed: integerOption('--seed', values.seed),
  };
  const defined = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
  const checked = simulatorOptionsSchema.safeParse(defined);
  if (!checked.success) throw new CommandLineError(describeIssues(checked.error, (key) => optionNames[key] ?? key));
  return { help: false, options: checked.data };
}

/** The one line printed on start: where to point a client, and with which credentials. */
export function startupLine(simulator: Pick<Simulator, 'baseUrl'>, options: SimulatorOptions): string {
  const users = options.users ?? [demoUser];
  const demo = users.find((user) => sameName(user, demoUser) && user.secret === demoUser.secret);
  const credentials = demo
    ? `UserName ${demo.username}, Secret ${demo.secret}, ApiIntegrationCode ${demo.integrationCode}`
    : 'the users given with --user';
  const others = users.length - (demo ? 1 : 0);
  const more = demo && others > 0 ? ` (+${others} from --user)` : '';
  return (
    `Autotask simulator at ${simulator.baseUrl} with ${credentials}${more}; ` +
    `load ${options.load ?? 'quiet'}, limit ${options.limit ?? 10_000} per ${options.timeframeMinutes ?? 60} min. ` +
    'Ctrl+C stops it.'
  );
}

function parsedArgs(args: readonly string[]) {
  try {
    return parseArgs({
      args: [...args],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        limit: { type: 'string' },
        'timeframe-minutes': { type: 'string' },
        load: { type: 'string' },
        user: { type: 'string', multiple: true },
        'no-latency': { type: 'boolean' },
        'base-latency-ms': { type: 'string' },
        seed: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    // Node's own wording names the option; its advice about positional arguments does not apply here.
    const [firstSentence = ''] = (error as Error).message.split('. ');
    throw new CommandLineError(firstSentence.replace(/\.$/, ''));
  }
}

function integerOption(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw.trim())) throw new CommandLineError(`${name} must be a whole number; got "${raw}"`);
  return Number(raw);
}

function numberOption(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(raw.trim())) throw new CommandLineError(`${name} must be a number; got "${raw}"`);
  return Number(raw);
}

/** name:secret:integrationCode; the secret may itself contain colons. Never echoes the value: it holds a secret. */
function userFrom(raw: string): ApiUser {
  const first = raw.indexOf(':');
  const last = raw.lastIndexOf(':');
  const user = {
    username: raw.slice(0, first),
    secret: raw.slice(first + 1, last),
    integrationCode: raw.slice(last + 1),
  };
  if (first < 1 || last === first || !user.secret || !user.integrationCode.trim()) {
    throw new CommandLineError('--user must be name:secret:integrationCode, with none of the three empty');
  }
  return user;
}

function sameName(a: ApiUser, b: ApiUser): boolean {
  return a.username.toLowerCase() === b.username.toLowerCase();
}
