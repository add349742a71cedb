import { describe, expect, it } from 'vitest';
import { GatewayCommandError, parseGatewayArgs } from '../../electron/headless/gateway-command';

const env = { HEADROOM_SECRET: 'hunter2-very-secret' };
const required = ['--username', 'api@example.com', '--integration-code', 'ABC123'];

function refusal(args: string[], environment: NodeJS.ProcessEnv = env): string {
  try {
    parseGatewayArgs(args, environment);
  } catch (error) {
    if (error instanceof GatewayCommandError) return error.message;
    throw error;
  }
  throw new Error('expected the command line to be refused');
}

describe('headroom gateway command line', () => {
  it('builds settings and credentials from the options and the secret from the environment', () => {
    const command = parseGatewayArgs(
      [
        ...required,
        '--autotask-url',
        'http://127.0.0.1:9000/ATServicesRest/',
        '--port',
        '0',
        '--max-hold-seconds',
        '5',
      ],
      env,
    );
    expect(command.help).toBe(false);
    if (command.help) return;
    expect(command.settings.connection.autotaskBaseUrl).toBe('http://127.0.0.1:9000/ATServicesRest/');
    expect(command.settings.gateway).toMatchObject({ port: 0, maxHoldSeconds: 5 });
    expect(command.credentials).toEqual({
      username: 'api@example.com',
      secret: 'hunter2-very-secret',
      integrationCode: 'ABC123',
    });
  });

  it('names the option that is out of range, in the words of the command line', () => {
    expect(refusal([...required, '--max-hold-seconds', '0'])).toMatch(/^--max-hold-seconds: /);
    expect(refusal([...required, '--port', 'eighty'])).toMatch(/^--port: /);
    expect(refusal([...required, '--autotask-url', 'http://autotask.example.com/'])).toMatch(/^--autotask-url: /);
  });

  it('refuses to run without the secret in the environment, and never takes it on the command line', () => {
    expect(refusal(required, {})).toContain('HEADROOM_SECRET');
    const message = refusal([...required, '--secret', 'typed-secret']);
    expect(message).toContain('HEADROOM_SECRET');
    expect(message).not.toContain('typed-secret');
  });

  it('asks for the API user and refuses unknown options by name', () => {
    expect(refusal(['--integration-code', 'ABC123'])).toContain('--username');
    expect(refusal([...required, '--prot', '80'])).toContain('--prot');
  });
});
