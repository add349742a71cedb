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

async function serve(args: string[]): Promise<void> {
  let command;
  try {
    command = parseServeArgs(args, process.env);
  } catch (error) {
    if (!(error instanceof ServeCommandError)) throw error;
    console.error(`headroom serve: ${error.message}\nRun "headroom serve --help" for the options.`);
    process.exitCode = 2;
    return;
  }
  if (command.help) return console.log(serveUsage);
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
    // Nothing was left running (startHeadlessHost stopped what it had started): the process ends on its own.
    for (const line of early) console.error(line);
    console.error(`headroom serve: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
    return;
  }
  printServingAddresses(host.server, host.gatewayBaseUrl);
  ready = true;
  for (const line of early) console.log(line);
  log(`local tools read the token for changes from ${host.server.tokenPath}`);
  stopOnSignals({ stop: host.stop, doing: 'answering held calls, saving the history', log });
}

async function simulate(args: string[]): Promise<void> {
  let command;
  try {
    command = parseSimulateArgs(args);
  } catch (error) {
    if (!(error instanceof CommandLineError)) throw error;
    console.error(`headroom simulate: ${error.message}\nRun "headroom simulate --help" for the options.`);
    process.exitCode = 2;
    return;
  }
  if (command.help) return console.log(simulateUsage);
  const simulator = await startSimulator(command.options);
  console.log(startupLine(simulator, command.options));
  const stop = () => void simulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

async function gateway(args: string[]): Promise<void> {
  let command;
  try {
    command = parseGatewayArgs(args, process.env);
  } catch (error) {
    if (!(error instanceof GatewayCommandError)) throw error;
    console.error(`headroom gateway: ${error.message}\nRun "headroom gateway --help" for the options.`);
    process.exitCode = 2;
    return;
  }
  if (command.help) return console.log(gatewayUsage);
  const log = (line: string) => console.log(`${new Date().toISOString()} ${line}`);
  let host;
  try {
    host = await startGatewayHost({ ...command, portOption: '--port', clock: systemClock, log });
  } catch (error) {
    // Nothing was left running (startGatewayHost stopped what it had started): the process ends on its own.
    console.error(`headroom gateway: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
    return;
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
