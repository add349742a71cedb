import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../electron/core/settings/settings';
import { parseGatewayArgs, type GatewayCommandError } from '../../electron/headless/gateway-command';
import {
  defaultUiPort,
  parseServeArgs,
  printServingAddresses,
  ServeCommandError,
  serveUsage,
} from '../../electron/headless/serve-command';

const env = { HEADROOM_SECRET: 'hunter2-very-secret' };
const live = ['--username', 'api@example.com', '--integration-code', 'ABC123'];

function refusal(args: string[], environment: NodeJS.ProcessEnv = env): string {
  try {
    parseServeArgs(args, environment);
  } catch (error) {
    if (error instanceof ServeCommandError) return error.message;
    throw error;
  }
  throw new Error('expected the command line to be refused');
}

describe('headroom serve command line', () => {
  it('runs the demo with default ports, no credentials and no secret needed', () => {
    expect(parseServeArgs(['--demo'], {})).toEqual({
      help: false,
      demo: true,
      uiPort: defaultUiPort,
      settings: defaultSettings,
    });
  });

  it('takes both ports, 0 picking a free one', () => {
    const command = parseServeArgs(['--demo', '--port', '0', '--gateway-port', '0'], {});
    expect(command).toMatchObject({ uiPort: 0, settings: { gateway: { port: 0 } } });
  });

  it('builds settings and credentials for a real tenant, the secret from the environment', () => {
    const command = parseServeArgs(
      [...live, '--autotask-url', 'http://127.0.0.1:9000/ATServicesRest/', '--port', '8080', '--gateway-port', '9001'],
      env,
    );
    expect(command).toEqual({
      help: false,
      demo: false,
      uiPort: 8080,
      settings: {
        ...defaultSettings,
        connection: {
          autotaskBaseUrl: 'http://127.0.0.1:9000/ATServicesRest/',
          username: 'api@example.com',
          integrationCode: 'ABC123',
        },
        gateway: { ...defaultSettings.gateway, port: 9001 },
      },
      credentials: { username: 'api@example.com', secret: 'hunter2-very-secret', integrationCode: 'ABC123' },
    });
  });

  it('refuses --secret with the words of headroom gateway, without repeating it', () => {
    let gatewayWords = '';
    try {
      parseGatewayArgs([...live, '--secret', 'typed-secret'], env);
    } catch (error) {
      gatewayWords = (error as GatewayCommandError).message;
    }
    const message = refusal([...live, '--secret', 'typed-secret']);
    expect(message).toBe(gatewayWords);
    expect(message).toContain('HEADROOM_SECRET');
    expect(message).not.toContain('typed-secret');
    expect(refusal(['--demo', '--secret', 'typed-secret'])).toBe(gatewayWords);
  });

  it('asks for the secret in the environment and for the API user, or the demo', () => {
    expect(refusal(live, {})).toMatch(/^HEADROOM_SECRET is not set/);
    expect(refusal([])).toBe(
      '--username is required: the Autotask API user to watch with (or --demo, to watch a simulated tenant).',
    );
  });

  it('refuses connection options with the demo, by name', () => {
    expect(refusal(['--demo', '--username', 'a@b.c', '--autotask-url', 'https://x.example/'])).toBe(
      '--demo watches a simulated tenant: leave out --autotask-url, --username, or --demo.',
    );
  });

  it('names the option that is out of range, in the words of the command line', () => {
    expect(refusal(['--demo', '--port', 'eighty'])).toBe(
      '--port: the UI port must be a whole number from 0 to 65535 (0 picks a free one).',
    );
    expect(refusal(['--demo', '--port', '70000'])).toMatch(/^--port: /);
    expect(refusal(['--demo', '--port', ''])).toMatch(/^--port: /);
    expect(refusal(['--demo', '--gateway-port', '1.5'])).toMatch(/^--gateway-port: /);
    expect(refusal([...live, '--autotask-url', 'http://autotask.example.com/'])).toMatch(/^--autotask-url: /);
    expect(refusal(['--username', 'api@example.com'])).toMatch(/^--integration-code: /);
    expect(refusal(['--demo', '--port', '4866'])).toBe(
      '--port and --gateway-port must differ: the UI and the gateway each need a port.',
    );
    expect(refusal(['--demo', '--prot', '80'])).toContain('--prot');
    // Not repeated: a stray argument may be a secret typed in the wrong place.
    expect(refusal(['--demo', 'extra'])).toBe(
      'headroom serve takes options only, and an argument was given without one.',
    );
  });

  it('shows its options with -h and --help', () => {
    expect(parseServeArgs(['-h'], {})).toEqual({ help: true });
    expect(parseServeArgs(['--help', '--port', 'x'], {})).toEqual({ help: true });
    for (const option of ['--demo', '--port', '--gateway-port', '--autotask-url', '--username', '--integration-code']) {
      expect(serveUsage).toContain(option);
    }
    expect(serveUsage).toContain('HEADROOM_SECRET');
  });
});

describe('printServingAddresses', () => {
  it('prints the UI and the gateway addresses, in this order, as the first two lines', () => {
    const lines: string[] = [];
    printServingAddresses({ url: 'http://127.0.0.1:4867/' }, 'http://127.0.0.1:4866/ATServicesRest/', (line) =>
      lines.push(line),
    );
    expect(lines).toEqual([
      'Headroom UI at http://127.0.0.1:4867/',
      'Headroom gateway at http://127.0.0.1:4866/ATServicesRest/',
    ]);
  });
});
