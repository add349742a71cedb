import type { HistorySnapshot } from './history-snapshot';

/**
 * Where the hourly history lives between runs. load() answers undefined when there is none yet, and rejects with
 * an error carrying a `userMessage` when what is there cannot be used; whatever it returns is checked before use.
 */
export interface HistoryStore {
  load(): Promise<unknown>;
  save(snapshot: HistorySnapshot): Promise<void>;
}
