import { describe, expect, it } from 'vitest';
import {
  cannotRunParagraph,
  launchVerdict,
  runStart,
  wrap,
  type Fetched,
  type Launched,
  type Located,
  type StartDeps,
} from '../../build/scripts/start-plan';

const binary = '/project/node_modules/electron/dist/electron';
const missing: Located = { found: false, reason: 'Error: Electron failed to install correctly' };
const ranForAMinute: Launched = { started: true, code: 0, signal: null, seconds: 60 };

/** Fakes for every step, recording what was done and said. */
function fakes(options: { located: Located[]; fetched?: Fetched; launched?: Launched; hasDisplay?: boolean }) {
  const calls: string[] = [];
  const said: string[] = [];
  const explained: string[] = [];
  const located = [...options.located];
  const deps: StartDeps = {
    async locateElectron() {
      calls.push('locate');
      return located.shift() ?? missing;
    },
    async fetchElectron() {
      calls.push('fetch');
      return options.fetched ?? { ok: true };
    },
    async launch(executable) {
      calls.push(`launch ${executable}`);
      return options.launched ?? ranForAMinute;
    },
    say: (line) => said.push(line),
    explain: (paragraph) => explained.push(paragraph),
    electronVersion: '41.7.1',
    hasDisplay: options.hasDisplay ?? true,
  };
  return { deps, calls, said, explained };
}

const oneLine = (paragraph: string) => paragraph.replace(/\n/g, ' ');

describe('npm start', () => {
  it('launches the installed binary and passes its exit code on', async () => {
    const { deps, calls, said, explained } = fakes({
      located: [{ found: true, path: binary }],
      launched: { started: true, code: 3, signal: null, seconds: 42 },
    });
    expect(await runStart(deps)).toBe(3);
    expect(calls).toEqual(['locate', `launch ${binary}`]);
    expect(said).toEqual([]);
    expect(explained).toEqual([]);
  });

  it('fetches the binary once where it is missing, then launches it', async () => {
    const { deps, calls, said, explained } = fakes({ located: [missing, { found: true, path: binary }] });
    expect(await runStart(deps)).toBe(0);
    expect(calls).toEqual(['locate', 'fetch', 'locate', `launch ${binary}`]);
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('fetching Electron 41.7.1 once');
    expect(explained).toEqual([]);
  });

  it('explains in one paragraph when the download fails, and exits 1', async () => {
    const { deps, calls, explained } = fakes({
      located: [missing],
      fetched: { ok: false, reason: 'RequestError: getaddrinfo ENOTFOUND github.com' },
    });
    expect(await runStart(deps)).toBe(1);
    expect(calls).toEqual(['locate', 'fetch']);
    expect(explained).toHaveLength(1);
    const paragraph = oneLine(explained[0] ?? '');
    expect(paragraph).toContain(
      'no Electron binary is installed and fetching it failed (RequestError: getaddrinfo ENOTFOUND github.com)',
    );
    expect(paragraph).toContain('needs the Electron binary and a desktop');
    expect(paragraph).toContain('`npm run headless -- --demo`');
  });

  it('explains when the download leaves no binary (ELECTRON_SKIP_BINARY_DOWNLOAD, say)', async () => {
    const { deps, calls, explained } = fakes({ located: [missing, missing] });
    expect(await runStart(deps)).toBe(1);
    expect(calls).toEqual(['locate', 'fetch', 'locate']);
    expect(oneLine(explained[0] ?? '')).toContain('the Electron download finished but left no binary');
  });

  it('explains when Electron fails at once, naming a missing display', async () => {
    const { deps, explained } = fakes({
      located: [{ found: true, path: binary }],
      launched: { started: true, code: 1, signal: null, seconds: 0.4 },
      hasDisplay: false,
    });
    expect(await runStart(deps)).toBe(1);
    expect(explained).toHaveLength(1);
    expect(oneLine(explained[0] ?? '')).toContain(
      'Electron exited with code 1 at once, 0.4 s after launch; there is no display here',
    );
  });

  it('explains when the binary cannot be run at all', async () => {
    const { deps, explained } = fakes({
      located: [{ found: true, path: binary }],
      launched: { started: false, reason: 'spawn EACCES' },
    });
    expect(await runStart(deps)).toBe(1);
    expect(oneLine(explained[0] ?? '')).toContain('Electron could not be started (spawn EACCES)');
  });
});

describe('how an Electron run ends npm start', () => {
  it('passes a clean exit and a late failure on as they are', () => {
    expect(launchVerdict({ started: true, code: 0, signal: null, seconds: 0.2 }, true)).toEqual({ exitCode: 0 });
    expect(launchVerdict({ started: true, code: 2, signal: null, seconds: 300 }, true)).toEqual({ exitCode: 2 });
  });

  it('takes Ctrl-C and SIGTERM as the user stopping it, without an explanation', () => {
    expect(launchVerdict({ started: true, code: null, signal: 'SIGINT', seconds: 1 }, true)).toEqual({
      exitCode: 130,
    });
    expect(launchVerdict({ started: true, code: null, signal: 'SIGTERM', seconds: 99 }, true)).toEqual({
      exitCode: 143,
    });
  });

  it('explains a crash on start (a signal) and leaves a later crash to Electron', () => {
    const early = launchVerdict({ started: true, code: null, signal: 'SIGTRAP', seconds: 0.3 }, true);
    expect(early.exitCode).toBe(1);
    expect(early.failure).toBe('Electron exited on SIGTRAP at once, 0.3 s after launch');
    expect(launchVerdict({ started: true, code: null, signal: 'SIGSEGV', seconds: 600 }, true)).toEqual({
      exitCode: 1,
    });
  });
});

describe('the paragraph', () => {
  it('is one paragraph of lines no wider than 100 columns', () => {
    const paragraph = cannotRunParagraph('no Electron binary is installed and fetching it failed (offline)');
    expect(paragraph).not.toMatch(/\n\n/);
    expect(paragraph.split('\n').every((line) => line.length <= 100)).toBe(true);
    expect(wrap('a b c', 3)).toBe('a b\nc');
    expect(wrap('run `npm run headless -- --demo`, then', 12)).toBe('run\n`npm run headless -- --demo`,\nthen');
  });
});
