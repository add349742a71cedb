import type { Snapshot } from '../../../electron/contract';
import type { Formats } from './format';
import { reasonText } from './reason-view';

/**
 * How the popover colours and marks the state. Each tone has its colour, its icon and its word, so the state reads
 * without colour too.
 */
export type Tone = 'normal' | 'slowed' | 'asleep' | 'stopped' | 'unknown';

export interface StateHeadline {
  tone: Tone;
  /** One or two words: "Slowed", "Asleep", "Awake (woken by hand)". */
  title: string;
  /** The reason in words, with the figures. */
  detail: string;
  /** "since 14:02". */
  since: string;
}

export function toneOf(snapshot: Snapshot): Tone {
  const { state, usage } = snapshot;
  if (state.criticalStopped) return 'stopped';
  if (!usage.known) return 'unknown';
  if (state.mode === 'asleep') return 'asleep';
  return state.mode;
}

export function stateHeadline(snapshot: Snapshot, formats: Formats, now: number): StateHeadline {
  const { state } = snapshot;
  const tone = toneOf(snapshot);
  return {
    tone,
    title: titleOf(snapshot, tone),
    detail: detailOf(snapshot, tone, formats),
    since: `since ${formats.moment(state.since, now)}`,
  };
}

function titleOf(snapshot: Snapshot, tone: Tone): string {
  if (tone === 'stopped') return 'Critical stop';
  if (tone === 'unknown') return 'No current reading';
  if (snapshot.state.wokenByUser) return 'Awake (woken by hand)';
  if (snapshot.state.backoffUntil !== undefined && tone === 'asleep') return 'Asleep (Autotask said wait)';
  return { normal: 'Normal', slowed: 'Slowed', asleep: 'Asleep' }[tone];
}

function detailOf(snapshot: Snapshot, tone: Tone, formats: Formats): string {
  // The Wake Up card says until when; the reason would say it again.
  if (snapshot.state.wokenByUser && tone !== 'stopped') return 'Woken up by hand: non-critical calls go again, paced.';
  if (tone === 'normal') return normalDetail(snapshot, formats);
  return sentence(reasonText(snapshot.state.reason, formats));
}

/** The reason of a normal state repeats the gauge; what a user wants to know is how far off slowing is. */
function normalDetail(snapshot: Snapshot, formats: Formats): string {
  return `Calls go straight through. Non-critical calls are slowed from ${formats.percent(snapshot.thresholds.slowAtPercent)} of the limit.`;
}

/** The core's reasons are clauses; the popover shows them as sentences. */
export function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
