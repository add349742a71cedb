/**
 * One run of the app on the history file named on the command line, in a process of its own (so a test can run it
 * as another user): loads the history, records a poll, and saves on stop. Prints what it reported, as JSON.
 */
import { systemClock } from '../../electron/core/clock';
import { UsageHistory } from '../../electron/core/usage/history';
import { HistoryAutosave } from '../../electron/core/usage/history-autosave';
import { FileHistoryStore } from '../../electron/service/history-file-store';

const path = process.argv[2];
if (!path) throw new Error('usage: history-file-run.ts <history file>');
const problems: string[] = [];
const history = new UsageHistory(systemClock);
const autosave = new HistoryAutosave({
  history,
  store: new FileHistoryStore(path),
  clock: systemClock,
  onProblem: (message) => problems.push(message),
});
await autosave.restore();
history.recordPoll(systemClock.now());
await autosave.close();
process.stdout.write(JSON.stringify(problems));
