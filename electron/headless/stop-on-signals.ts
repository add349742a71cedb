/**
 * How a command that keeps running ends: SIGINT (Ctrl+C), SIGTERM (a service manager) and SIGHUP (its terminal
 * closed) all stop it the same clean way, answering what is held and saving what must be kept before it exits.
 * A signal repeated while it stops is told and otherwise ignored: the default action it would have had kills the
 * process with calls unanswered and the history unsaved.
 */
export const endingSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export interface StopOnSignalsOptions {
  /** Everything a clean stop does; the process exits 0 once it resolves, 1 if it throws. */
  stop: () => Promise<void>;
  /** What stopping does, in a few words, for the line told when it begins. */
  doing: string;
  log: (line: string) => void;
}

export function stopOnSignals({ stop, doing, log }: StopOnSignalsOptions): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      log(`${signal}: already stopping (${doing}); it exits once that is done`);
      return;
    }
    stopping = true;
    log(`${signal}: stopping: ${doing}`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`stopping failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  for (const signal of endingSignals) process.on(signal, onSignal);
}
