import type { RefObject } from 'react';
import type { ConnectionStatus } from '../view/connection-view';

interface HeaderProps {
  status: ConnectionStatus;
  settingsOpen: boolean;
  onSettings: () => void;
  settingsButton: RefObject<HTMLButtonElement | null>;
}

export function Header({ status, settingsOpen, onSettings, settingsButton }: HeaderProps) {
  return (
    <header className="header">
      <h1 className="title">Headroom</h1>
      <span className={`pill pill-${status.tone}`} title={status.detail}>
        <span className="pill-dot" aria-hidden="true" />
        {status.label}
      </span>
      <button
        ref={settingsButton}
        type="button"
        className="icon-button"
        aria-label={settingsOpen ? 'Close settings' : 'Settings'}
        aria-expanded={settingsOpen}
        onClick={onSettings}
      >
        {settingsOpen ? (
          <svg width="18" height="18" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <path d="M5 5l10 10M15 5L5 15" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
          </svg>
        ) : (
          <svg width="18" height="18" viewBox="0 0 20 20" aria-hidden="true" focusable="false">
            <circle cx="10" cy="10" r="2.6" fill="none" stroke="currentColor" strokeWidth="1.8" />
            <path
              d="M10 1.8v2.4M10 15.8v2.4M1.8 10h2.4M15.8 10h2.4M4.2 4.2l1.7 1.7M14.1 14.1l1.7 1.7M4.2 15.8l1.7-1.7M14.1 5.9l1.7-1.7"
              stroke="currentColor"
              strokeWidth="1.8"
              strokeLinecap="round"
            />
          </svg>
        )}
      </button>
    </header>
  );
}
