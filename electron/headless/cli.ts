/**
 * The `headroom` command line. Subcommands: serve, simulate, gateway, check. Exit codes: 0 done, 1 could not run,
 * 2 bad command line; `check` exits in the Nagios convention instead (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
 */
import { join } from 'node:path';
import { systemClock } from '../core/clock';
import { startSimulator } from '../simulator';
import { CommandLineError, parseSimulateArgs, simulateUsage, startupLine } from '../simulator/command-line';
import { runCheckCommand } from './check-command';
import { GatewayCommandError, gatewayUsage, parseGatewayArgs } from './gateway-command';
import { startGatewayHost } from './gateway-host';
import { dataDirectory } from './data-directory';
import { startHeadlessHost } from './headless-host';
import { parseServeArgs, printServingAddresses, ServeCommandError, serveUsage } from './serve-command';
import { stopOnSignals } from './stop-on-signals';

const usage = `Usage: headroom <command> [options]

Commands:
  serve       the whole product in a browser, no window needed: --demo, or your tenant (headroom serve --help)
  simulate    run an Autotask REST API simulator on 127.0.0.1 (headroom simulate --help)
  gateway     watch the tenant and throttle scripts' calls through a local gateway (headroom gateway --help)
  check       read the tenant's usage once, for RMM and monitoring tools (headroom check --help)`;

const commands: Record<string, (args: string[]) => Promise<void>> = { serve, simulate, gateway, check };

async function main(argv: string[]): Promise<void> {
  const [command, ...args] = argv;
  if (command === '--help' || command === '-h') return console.log(usage);
  const run = command === undefined ? undefined : commands[command];
  if (!run) {
    console.error(command === undefined ? usage : `headroom: unknown command "${command}"\n\n${usage}`);
    process.exitCode = 2;
    return;
  }
  await run(args);
}

/**
 * The command line to run, or undefined once it is answered: its --help printed, or its refusal (a `Refusal`) with
 * a pointer to --help, exit code 2. Any other error is a fault and goes on up.
 */
function commandToRun<C extends { help: boolean }>(
  name: string,
  usage: string,
  parse: () => C,
  Refusal: abstract new (...args: never[]) => Error,
): Exclude<C, { help: true }> | undefined {
  let command;
  try {
    command = parse();
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    console.error(`headroom ${name}: ${error.message}\nRun "headroom ${name} --help" for the options.`);
    process.exitCode = 2;
    return undefined;
  }
  if (!command.help) return command as Exclude<C, { help: true }>;
  console.log(usage);
  return undefined;
}

/** A command that could not start, exit code 1: its start stopped what it had started, so the process ends. */
function couldNotStart(name: string, error: unknown): void {
  console.error(`headroom ${name}: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}

async function serve(args: string[]): Promise<void> {
  const command = commandToRun('serve', serveUsage, () => parseServeArgs(args, process.env), ServeCommandError);
  if (!command) return;
  // The two address lines come first, for whoever reads them from a script: what is said before waits for them.
  const early: string[] = [];
  let ready = false;
  const log = (line: string) => {
    const stamped = `${new Date().toISOString()} ${line}`;
    if (ready) console.log(stamped);
    else early.push(stamped);
  };
  let host;
  try {
    host = await startHeadlessHost({
      command,
      rendererDir: join(import.meta.dirname, '..', '..', 'dist', 'renderer'),
      dataDirectory: dataDirectory(),
      log,
    });
  } catch (error) {
    for (const line of early) console.error(line);
    return couldNotStart('serve', error);
  }
  printServingAddresses(host.server, host.gatewayBaseUrl);
  ready = true;
  for (const line of early) console.log(line);
  log(`local tools read the token for changes from ${host.server.tokenPath}`);
  stopOnSignals({ stop: host.stop, doing: 'answering held calls, saving the history', log });
}

async function simulate(args: string[]): Promise<void> {
  const command = commandToRun('simulate', simulateUsage, () => parseSimulateArgs(args), CommandLineError);
  if (!command) return;
  const simulator = await startSimulator(command.options);
  console.log(startupLine(simulator, command.options));
  const stop = () => void simulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function gateway(args: string[]): Promise<void> {
  const command = commandToRun('gateway', gatewayUsage, () => parseGatewayArgs(args, process.env), GatewayCommandError);
  if (!command) return;
  const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
  let host;
  try {
    host = await startGatewayHost({ ...command, portOption: '--port', clock: systemClock, log });
  } catch (error) {
    return couldNotStart('gateway', error);
  }
  console.log(
    `Headroom gateway at ${host.gateway.baseUrl} for ${command.credentials.username}: ` +
      "use it as your scripts' Autotask base URL. Ctrl+C stops it.",
  );
  stopOnSignals({ stop: host.stop, doing: 'answering held calls, letting calls in flight finish', log });
}

/** One line on stdout and a Nagios exit code, whatever happens: it never throws, so never exits 1 with a stack. */
async function check(args: string[]): Promise<void> {
  const { exitCode, output } = await runCheckCommand(args, process.env);
  console.log(output);
  process.exitCode = exitCode;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'EADDRINUSE' ? 'the port is already in use' : (error as Error).message;
  console.error(`headroom: ${reason}`);
  process.exit(1);
});
