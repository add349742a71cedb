import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../support/virtual-clock';
import { UsageHistory } from '../../../electron/core/usage/history';
import { HistoryAutosave } from '../../../electron/core/usage/history-autosave';
import type { HistorySnapshot } from '../../../electron/core/usage/history-snapshot';
import type { HistoryStore } from '../../../electron/core/usage/history-store';

/** A store in memory that can be told to fail or to take its time. */
class MemoryStore implements HistoryStore {
  stored: unknown;
  readonly saves: HistorySnapshot[] = [];
  saveFailure: Error | undefined;
  loadFailure: Error | undefined;
  saving = 0;
  mostAtOnce = 0;
  saveTakesMs = 0;

  constructor(private readonly clock: VirtualClock) {}

  async load(): Promise<unknown> {
    if (this.loadFailure) throw this.loadFailure;
    return this.stored;
  }

  async save(snapshot: HistorySnapshot): Promise<void> {
    this.mostAtOnce = Math.max(this.mostAtOnce, ++this.saving);
    try {
      if (this.saveTakesMs > 0) await new Promise<void>((resolve) => this.clock.setTimeout(resolve, this.saveTakesMs));
      if (this.saveFailure) throw this.saveFailure;
      this.saves.push(snapshot);
      this.stored = structuredClone(snapshot);
    } finally {
      this.saving--;
    }
  }
}

function withError(userMessage: string): Error {
  return Object.assign(new Error('disk trouble'), { userMessage });
}

function autosaved() {
  const clock = new VirtualClock(Date.UTC(2026, 0, 5, 9, 30));
  const history = new UsageHistory(clock);
  const store = new MemoryStore(clock);
  const problems: string[] = [];
  const autosave = new HistoryAutosave({ history, store, clock, onProblem: (message) => problems.push(message) });
  const call = () =>
    history.recordCall({ integrationCode: 'RMM', priority: 'normal', outcome: 'forwarded', at: clock.now() });
  return { clock, history, store, problems, autosave, call };
}

const forwarded = (snapshot: HistorySnapshot | undefined) => snapshot?.hours[0]?.calls.forwarded;

describe('HistoryAutosave', () => {
  it('writes many changes as one save, 5 s after the first of them, so a crash loses at most 5 s', async () => {
    const { clock, store, call } = autosaved();
    for (let second = 0; second < 4; second++) {
      call();
      await clock.advanceAsync(1_000);
    }
    expect(store.saves).toHaveLength(0);
    await clock.advanceAsync(1_000);
    expect(store.saves).toHaveLength(1);
    expect(forwarded(store.saves[0])).toBe(4);
    await clock.advanceAsync(10 * 60_000);
    expect(store.saves).toHaveLength(1);
  });

  it('saves again within 5 s of each later change, and not at all while nothing changes', async () => {
    const { clock, store, call } = autosaved();
    for (let minute = 1; minute <= 3; minute++) {
      call();
      await clock.advanceAsync(5_000);
      expect(store.saves.map(forwarded)).toEqual([1, 2, 3].slice(0, minute));
      await clock.advanceAsync(55_000);
    }
    expect(store.saves).toHaveLength(3);
  });

  it('flush() writes what is unsaved at once, and writes nothing when all is saved', async () => {
    const { store, autosave, call } = autosaved();
    call();
    await autosave.flush();
    expect(store.saves).toHaveLength(1);
    await autosave.flush();
    expect(store.saves).toHaveLength(1);
  });

  it('never runs two saves at once, and the last change is in the last save', async () => {
    const { clock, store, autosave, call } = autosaved();
    store.saveTakesMs = 5_000;
    call();
    const first = autosave.flush();
    await clock.advanceAsync(1_000);
    call();
    const second = autosave.flush();
    await clock.advanceAsync(10_000);
    await Promise.all([first, second]);
    expect(store.mostAtOnce).toBe(1);
    expect(store.saves.map(forwarded)).toEqual([1, 2]);
  });

  it('reports a failed save in words and tries again with the next change', async () => {
    const { clock, store, problems, call } = autosaved();
    store.saveFailure = withError('Could not save the usage history to /data/history.json (ENOSPC).');
    call();
    await clock.advanceAsync(60_000);
    expect(problems).toEqual(['Could not save the usage history to /data/history.json (ENOSPC).']);
    store.saveFailure = undefined;
    call();
    await clock.advanceAsync(60_000);
    expect(store.saves.map(forwarded)).toEqual([2]);
  });

  it('restores the stored hours and saves them with the new ones', async () => {
    const earlier = autosaved();
    earlier.call();
    await earlier.autosave.close();

    const { store, autosave, call, history, clock } = autosaved();
    store.stored = earlier.store.stored;
    call();
    await autosave.restore();
    expect(history.hours({ from: clock.now(), to: clock.now() + 1 })[0]?.calls.forwarded).toBe(2);
    await autosave.flush();
    expect(forwarded(store.saves[0])).toBe(2);
  });

  it('reports a store it cannot load, and keeps recording and saving a new history', async () => {
    const { store, problems, autosave, call } = autosaved();
    store.loadFailure = withError('The usage history at /data/history.json was damaged and has been set aside.');
    await autosave.restore();
    store.loadFailure = undefined;
    store.stored = { version: 1, hours: 'garbage' };
    await autosave.restore();
    expect(problems).toEqual([
      'The usage history at /data/history.json was damaged and has been set aside.',
      expect.stringMatching(/^The usage history is not in the expected shape \(hours: /),
    ]);
    call();
    await autosave.close();
    expect(forwarded(store.saves[0])).toBe(1);
  });
});
