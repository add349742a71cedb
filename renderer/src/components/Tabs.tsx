import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface Tab<K extends string> {
  key: K;
  label: string;
  /** A short note after the label, e.g. "3 waiting". */
  badge?: string | undefined;
}

/** WAI-ARIA tabs: one tab stop, arrow keys move between tabs, Home and End jump. */
export function Tabs<K extends string>({
  tabs,
  current,
  onSelect,
  children,
}: {
  tabs: readonly Tab<K>[];
  current: K;
  onSelect: (key: K) => void;
  children: ReactNode;
}) {
  const buttons = useRef(new Map<K, HTMLButtonElement>());
  const move = (event: KeyboardEvent, index: number) => {
    const last = tabs.length - 1;
    const target = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: last }[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const next = tabs[(target + tabs.length) % tabs.length];
    if (!next) return;
    onSelect(next.key);
    buttons.current.get(next.key)?.focus();
  };
  return (
    <>
      <div role="tablist" aria-label="Views" className="tabs">
        {tabs.map((tab, index) => (
          <button
            key={tab.key}
            ref={(element) => {
              if (element) buttons.current.set(tab.key, element);
            }}
            role="tab"
            type="button"
            id={`tab-${tab.key}`}
            aria-selected={tab.key === current}
            aria-controls={`panel-${tab.key}`}
            tabIndex={tab.key === current ? 0 : -1}
            className="tab"
            onClick={() => onSelect(tab.key)}
            onKeyDown={(event) => move(event, index)}
          >
            {tab.label}
            {tab.badge && <span className="tab-badge">{tab.badge}</span>}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`panel-${current}`}
        aria-labelledby={`tab-${current}`}
        className="tab-panel"
        tabIndex={0}
      >
        {children}
      </div>
    </>
  );
}
