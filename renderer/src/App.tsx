import { useCallback, useRef, useState } from 'react';
import type { Snapshot } from '../../electron/contract';
import { Banners } from './components/Banners';
import { ErrorBoundary } from './components/ErrorBoundary';
import { GatewayPanel } from './components/GatewayPanel';
import { Header } from './components/Header';
import { Overview } from './components/Overview';
import { SettingsView } from './components/SettingsView';
import { Tabs, type Tab } from './components/Tabs';
import { UsageChart } from './components/UsageChart';
import { useLive } from './hooks/use-snapshot';
import { useNow } from './hooks/use-now';
import { connectionStatus } from './view/connection-view';
import { userFormats } from './view/format';
import { toneOf } from './view/state-view';

type View = 'now' | 'history' | 'gateway';

/** The popover: a glance at the tenant, its last day, the gateway's calls, and the settings behind the gear. */
export function App({ first }: { first?: Snapshot | undefined }) {
  const { snapshot, link, afterWake } = useLive(first);
  const now = useNow();
  const [view, setView] = useState<View>('now');
  const [settingsOpen, setSettingsOpen] = useState(false);
  const settingsButton = useRef<HTMLButtonElement>(null);
  const closeSettings = useCallback(() => {
    setSettingsOpen(false);
    settingsButton.current?.focus();
  }, []);
  const status = connectionStatus(snapshot, link);
  const tone = snapshot ? toneOf(snapshot) : 'unknown';
  const waiting = snapshot?.gateway.waiting ?? 0;
  const tabs: Tab<View>[] = [
    { key: 'now', label: 'Now' },
    { key: 'history', label: '24 hours' },
    { key: 'gateway', label: 'Gateway', badge: waiting > 0 ? `${userFormats.count(waiting)} waiting` : undefined },
  ];
  return (
    <div className={`popover popover-${tone}${link === 'lost' ? ' popover-stale' : ''}`}>
      <Header
        status={status}
        settingsOpen={settingsOpen}
        settingsButton={settingsButton}
        onSettings={() => (settingsOpen ? closeSettings() : setSettingsOpen(true))}
      />
      <Banners snapshot={snapshot} status={status} onConnect={() => setSettingsOpen(true)} />
      <main className="content">
        {settingsOpen ? (
          <SettingsView now={now} onClose={closeSettings} />
        ) : (
          <Tabs tabs={tabs} current={view} onSelect={setView}>
            {view === 'now' && <Overview snapshot={snapshot} tone={tone} afterWake={afterWake} now={now} />}
            {view === 'history' && (
              <ErrorBoundary what="the usage chart">
                <UsageChart />
              </ErrorBoundary>
            )}
            {view === 'gateway' &&
              (snapshot ? (
                <ErrorBoundary what="the gateway’s calls">
                  <GatewayPanel gateway={snapshot.gateway} />
                </ErrorBoundary>
              ) : (
                <p className="muted">Waiting for Headroom…</p>
              ))}
          </Tabs>
        )}
      </main>
    </div>
  );
}
