import type { Snapshot } from '../../../electron/contract';
import { userFormats } from '../view/format';
import { forecastLine } from '../view/forecast-view';
import { gatewaySummary } from '../view/gateway-view';
import { stateHeadline, type Tone } from '../view/state-view';
import { wakeCard, type AfterWake } from '../view/wake-view';
import { ErrorBoundary } from './ErrorBoundary';
import { ForecastLine } from './ForecastLine';
import { StateLine } from './StateLine';
import { UsageGauge } from './UsageGauge';
import { WakeUpCard } from './WakeUpCard';

/** The glance: the gauge, the state and why, Wake Up when it applies, the forecast and the gateway in a line. */
export function Overview({
  snapshot,
  tone,
  afterWake,
  now,
}: {
  snapshot: Snapshot | undefined;
  tone: Tone;
  afterWake: AfterWake;
  now: number;
}) {
  const card = snapshot && wakeCard(snapshot, afterWake, userFormats, now);
  return (
    <div className="overview">
      <ErrorBoundary what="the gauge">
        <UsageGauge snapshot={snapshot} tone={tone} now={now} />
      </ErrorBoundary>
      {snapshot && (
        <>
          <ErrorBoundary what="the state">
            <StateLine headline={stateHeadline(snapshot, userFormats, now)} />
          </ErrorBoundary>
          {card && (
            <ErrorBoundary what="the Wake Up card">
              <WakeUpCard card={card} />
            </ErrorBoundary>
          )}
          <ForecastLine line={forecastLine(snapshot, userFormats, now)} />
          <p className="gateway-line">
            <span className="label">Gateway</span> {gatewaySummary(snapshot.gateway, userFormats)}
          </p>
        </>
      )}
    </div>
  );
}
