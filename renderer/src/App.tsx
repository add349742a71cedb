import { UsageGauge } from './components/UsageGauge';

/** The popover. Until the monitor is connected to it, it shows the gauge without a reading. */
export function App() {
  return (
    <main className="popover">
      <header>
        <h1>Headroom</h1>
      </header>
      <UsageGauge reading={undefined} />
    </main>
  );
}
