import { useClient } from '../hooks/client-context';
import { useCall } from '../hooks/use-call';
import type { WakeCard } from '../view/wake-view';

/** Rocketship's "Wake Up Autotask Connection" card: the button, the caution, and what came of the last click. */
export function WakeUpCard({ card }: { card: WakeCard }) {
  const { api } = useClient();
  const [call, wakeUp] = useCall(api.wakeUp, 'wake the connection up');
  const refused = call.status === 'done' && !call.value.woken;
  return (
    <section className={`wake wake-${card.kind}`} aria-labelledby="wake-title">
      <div className="wake-head">
        <h2 id="wake-title" className="wake-title">
          {card.title}
        </h2>
        {card.kind !== 'woken' && (
          <button
            type="button"
            className="button button-primary"
            disabled={!card.canWake || call.status === 'busy'}
            onClick={() => void wakeUp()}
          >
            {call.status === 'busy' ? 'Waking up…' : 'Wake Up'}
          </button>
        )}
      </div>
      {card.text && <p className="wake-text">{card.text}</p>}
      {card.caution && (
        <p className="wake-caution">
          <strong>Note:</strong> {card.caution}
        </p>
      )}
      {call.status === 'failed' && (
        <p className="message message-problem" role="alert">
          {call.message}
        </p>
      )}
      {refused && (
        <p className="message" role="status">
          There was nothing to wake: the connection is not asleep.
        </p>
      )}
    </section>
  );
}
