/**
 * What `npm start` does once the app is built, as a function of what it finds: the Electron binary, the download
 * of it where it is missing (npm ran no install scripts: .npmrc), and how Electron exits. Everything that touches
 * the machine comes in as a dependency, so the decisions are tested with fakes (test/build/start.test.ts).
 */

export type Located = { found: true; path: string } | { found: false; reason: string };
export type Fetched = { ok: true } | { ok: false; reason: string };
export type Launched =
  { started: true; code: number | null; signal: string | null; seconds: number } | { started: false; reason: string };

export interface StartDeps {
  /** Where require('electron') points, if the binary is there. */
  locateElectron(): Promise<Located>;
  /** Fetches the binary once, as the electron package's own install script would. */
  fetchElectron(): Promise<Fetched>;
  /** Runs Electron on the app, its output on this terminal, until it exits. */
  launch(executable: string): Promise<Launched>;
  /** A progress line (stdout). */
  say(line: string): void;
  /** The one paragraph saying why the tray app cannot run here (stderr). */
  explain(paragraph: string): void;
  electronVersion: string;
  /** False on Linux without $DISPLAY or $WAYLAND_DISPLAY: a likely reason for Electron to exit at once. */
  hasDisplay: boolean;
}

/** An exit this soon after launch, with a failure, means Electron itself could not start (no display, say). */
export const quickExitSeconds = 5;

const signalExitCodes: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

export async function runStart(deps: StartDeps): Promise<number> {
  let located = await deps.locateElectron();
  if (!located.found) {
    deps.say(
      `No Electron binary installed (npm ran no install scripts): fetching Electron ${deps.electronVersion} once, ` +
        'as its install script would (node node_modules/electron/install.js).',
    );
    const fetched = await deps.fetchElectron();
    if (!fetched.ok) {
      deps.explain(cannotRunParagraph(`no Electron binary is installed and fetching it failed (${fetched.reason})`));
      return 1;
    }
    located = await deps.locateElectron();
    if (!located.found) {
      deps.explain(cannotRunParagraph(`the Electron download finished but left no binary (${located.reason})`));
      return 1;
    }
  }

  const launched = await deps.launch(located.path);
  const verdict = launchVerdict(launched, deps.hasDisplay);
  if (verdict.failure) deps.explain(cannotRunParagraph(verdict.failure));
  return verdict.exitCode;
}

/** How an Electron run ends `npm start`: its own exit code, or a failure to explain when it never got going. */
export function launchVerdict(launched: Launched, hasDisplay: boolean): { exitCode: number; failure?: string } {
  if (!launched.started) return { exitCode: 1, failure: `Electron could not be started (${launched.reason})` };
  const { code, signal, seconds } = launched;
  if (code === 0) return { exitCode: 0 };
  // Stopped by the user (Ctrl-C) or the system: no explanation needed.
  if (signal !== null && signal in signalExitCodes) return { exitCode: signalExitCodes[signal] ?? 1 };
  const how = signal === null ? `with code ${code}` : `on ${signal}`;
  if (seconds < quickExitSeconds) {
    const noDisplay = hasDisplay ? '' : '; there is no display here ($DISPLAY and $WAYLAND_DISPLAY are unset)';
    return { exitCode: 1, failure: `Electron exited ${how} at once, ${seconds.toFixed(1)} s after launch${noDisplay}` };
  }
  return { exitCode: code ?? 1 };
}

export function cannotRunParagraph(whatFailed: string): string {
  return wrap(
    `Headroom's tray app cannot run here: ${whatFailed}. The tray app needs the Electron binary and a desktop ` +
      'session to show its tray icon and popover. The whole product runs without them: ' +
      '`npm run headless -- --demo` starts the Monitor, the throttle and the gateway against a simulated tenant and ' +
      'serves the popover to a browser.',
  );
}

/** Wraps a paragraph at 100 columns for a terminal, never inside a `command`, so it can be copied whole. */
export function wrap(text: string, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.match(/`[^`]*`\S*|\S+/g) ?? []) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines.join('\n');
}
