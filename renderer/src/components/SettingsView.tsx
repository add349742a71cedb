import { useEffect, useRef } from 'react';
import { ConnectionForm } from './ConnectionForm';
import { ErrorBoundary } from './ErrorBoundary';
import { NotificationsForm } from './NotificationsForm';
import { ThresholdsForm } from './ThresholdsForm';

/** The second view: connection, notifications, and the thresholds (advanced) last. Escape closes it. */
export function SettingsView({ now, onClose }: { now: number; onClose: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', closeOnEscape);
    return () => window.removeEventListener('keydown', closeOnEscape);
  }, [onClose]);
  return (
    <section className="settings" aria-labelledby="settings-title">
      <h2 id="settings-title" className="view-title" tabIndex={-1} ref={heading}>
        Settings
      </h2>
      <ErrorBoundary what="the connection settings">
        <ConnectionForm />
      </ErrorBoundary>
      <ErrorBoundary what="the notification settings">
        <NotificationsForm now={now} />
      </ErrorBoundary>
      <ErrorBoundary what="the thresholds">
        <ThresholdsForm />
      </ErrorBoundary>
    </section>
  );
}
