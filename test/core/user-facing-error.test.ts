import { describe, expect, it } from 'vitest';
import { AutotaskError, AutotaskThrottledError } from '../../electron/autotask/errors';
import { SettingsFileError } from '../../electron/core/settings/migrate';
import { HistorySnapshotError } from '../../electron/core/usage/history-snapshot';
import { UserFacingError } from '../../electron/core/user-facing-error';
import { GatewayListenError, GatewayOptionsError } from '../../electron/gateway/errors';
import { CheckCommandError } from '../../electron/headless/check-command';
import { GatewayCommandError } from '../../electron/headless/gateway-command';
import { HostStartError } from '../../electron/headless/headless-host';
import { HostListenError } from '../../electron/headless/host-server';
import { ServeCommandError } from '../../electron/headless/serve-command';
import { TokenFileError } from '../../electron/headless/token-file';
import { HistoryFileError } from '../../electron/service/history-file-store';
import { InvalidRequestError } from '../../electron/service/request-error';
import { CommandLineError } from '../../electron/simulator/command-line';
import { AutotaskError as SimulatedAutotaskError, SimulatorOptionsError } from '../../electron/simulator/errors';

const words = 'Something the user can act on.';

describe('the errors written for the user', () => {
  it.each([
    ['GatewayOptionsError', new GatewayOptionsError(words)],
    ['GatewayListenError', new GatewayListenError(words, 'EADDRINUSE')],
    ['TokenFileError', new TokenFileError(words)],
    ['HostListenError', new HostListenError(words)],
    ['HostStartError', new HostStartError(words)],
    ['GatewayCommandError', new GatewayCommandError(words)],
    ['ServeCommandError', new ServeCommandError(words)],
    ['CheckCommandError', new CheckCommandError(words)],
    ['CommandLineError', new CommandLineError(words)],
    ['SimulatorOptionsError', new SimulatorOptionsError(words)],
    ['AutotaskError', new SimulatedAutotaskError(400, words)],
    ['HistoryFileError', new HistoryFileError(words)],
    ['InvalidRequestError', new InvalidRequestError('hours', words)],
    ['HistorySnapshotError', new HistorySnapshotError(words)],
    ['SettingsFileError', new SettingsFileError('invalid', words)],
  ])('%s carries its own name and the words as both userMessage and message', (name, error) => {
    expect(error).toBeInstanceOf(UserFacingError);
    expect(error).toMatchObject({ name, userMessage: words, message: words });
    expect(String(error)).toBe(`${name}: ${words}`);
  });

  it('keep a technical message for the log apart from the words, where Autotask’s errors give one', () => {
    const error = new AutotaskError('server-error', 'HTTP 503 from webservices5', { status: 503 });
    expect(error).toBeInstanceOf(UserFacingError);
    expect(error).toMatchObject({
      name: 'AutotaskError',
      message: 'HTTP 503 from webservices5',
      userMessage: 'Autotask had a server error. Try again later.',
      status: 503,
    });
    const throttled = new AutotaskThrottledError('rate-limited', 'HTTP 429', 30_000);
    expect(throttled).toBeInstanceOf(AutotaskError);
    expect(throttled.name).toBe('AutotaskThrottledError');
    expect(throttled.userMessage).toMatch(/^The tenant has reached Autotask's API limit.* Try again in about /);
  });
});
