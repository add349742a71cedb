import type { StateHeadline } from '../view/state-view';
import { ToneIcon } from './ToneIcon';

/** The state in one line, its reason in words and since when. A status region, so a change is read out. */
export function StateLine({ headline }: { headline: StateHeadline }) {
  return (
    <section className={`state tone-border-${headline.tone}`} aria-label="Throttle state">
      <div role="status" aria-live="polite" className="state-head">
        <ToneIcon tone={headline.tone} />
        <strong className={`state-title tone-text-${headline.tone}`}>{headline.title}</strong>
        <span className="state-since">{headline.since}</span>
      </div>
      <p className="state-detail">{headline.detail}</p>
    </section>
  );
}
