import { useState } from 'react';
import type { NotificationPreferences, NotificationUpdate } from '../../../electron/contract';
import { useClient } from '../hooks/client-context';
import { useLoad } from '../hooks/use-load';
import { wordsOf } from '../transport/client';
import { userFormats } from '../view/format';
import { minutesUntilTomorrowMorning } from '../view/pause';

/** Notifications on or off, and a pause: an hour, or until tomorrow morning. */
export function NotificationsForm({ now }: { now: number }) {
  const { api } = useClient();
  const [preferences, setPreferences] = useState<NotificationPreferences>();
  const [problem, setProblem] = useState<string>();

  useLoad({
    read: (api) => api.getNotifications(),
    doing: 'read the notification settings',
    loaded: setPreferences,
    failed: setProblem,
  });

  const update = async (change: NotificationUpdate) => {
    setProblem(undefined);
    try {
      const answer = await api.updateNotifications(change);
      if (answer.ok) setPreferences(answer.value);
      else setProblem(answer.problems.map((item) => item.message).join(' '));
    } catch (error) {
      setProblem(wordsOf(error, 'change the notification settings'));
    }
  };

  const paused = preferences?.pausedUntil !== undefined && preferences.pausedUntil > now;
  return (
    <section className="settings-form" aria-labelledby="notifications-title">
      <h3 id="notifications-title" className="settings-title">
        Notifications
      </h3>
      {preferences && (
        <>
          <label className="check">
            <input
              type="checkbox"
              checked={preferences.enabled}
              onChange={(event) => void update({ enabled: event.target.checked })}
            />
            Tell me when throttling starts, ends, or the connection fails
          </label>
          {preferences.enabled && (
            <div className="form-actions">
              {paused && preferences.pausedUntil !== undefined ? (
                <>
                  <span className="muted">Paused until {userFormats.moment(preferences.pausedUntil, now)}</span>
                  <button type="button" className="button" onClick={() => void update({ resume: true })}>
                    Resume now
                  </button>
                </>
              ) : (
                <>
                  <button type="button" className="button" onClick={() => void update({ pauseForMinutes: 60 })}>
                    Pause for 1 hour
                  </button>
                  <button
                    type="button"
                    className="button"
                    onClick={() => void update({ pauseForMinutes: minutesUntilTomorrowMorning(new Date(now)) })}
                  >
                    Pause until tomorrow
                  </button>
                </>
              )}
            </div>
          )}
        </>
      )}
      {problem && (
        <p className="message message-problem" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
