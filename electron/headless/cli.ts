/**
 * The `headroom` command line. Subcommands: simulate, gateway (more arrive with the headless host). Exit codes:
 * 0 done, 1 could not run, 2 bad command line.
 */
import { systemClock } from '../core/clock';
import { startSimulator } from '../simulator';
import { CommandLineError, parseSimulateArgs, simulateUsage, startupLine } from '../simulator/command-line';
import { GatewayCommandError, gatewayUsage, parseGatewayArgs } from './gateway-command';
import { startGatewayHost } from './gateway-host';

const usage = `Usage: headroom <command> [options]

Commands:
  simulate    run an Autotask REST API simulator on 127.0.0.1 (headroom simulate --help)
  gateway     watch the tenant and throttle scripts' calls through a local gateway (headroom gateway --help)`;

const commands: Record<string, (args: string[]) => Promise<void>> = { simulate, gateway };

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
  const host = await startGatewayHost({ ...command, clock: systemClock, log });
  console.log(
    `Headroom gateway at ${host.gateway.baseUrl} for ${command.credentials.username}: ` +
      "use it as your scripts' Autotask base URL. Ctrl+C stops it.",
  );
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    log('stopping: answering held calls, letting calls in flight finish');
    void host.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  const reason = code === 'EADDRINUSE' ? 'the port is already in use' : (error as Error).message;
  console.error(`headroom: ${reason}`);
  process.exit(1);
});
