import type { Snapshot } from '../../../electron/contract';
import { userFormats } from '../view/format';
import { gaugeView } from '../view/gauge-view';
import type { Tone } from '../view/state-view';
import { useLayoutEffect } from 'react';
import { markFirstGauge } from './first-render';

/** Tenant-wide usage of the rolling window, as an accessible meter, with the thresholds marked on it. */
export function UsageGauge({ snapshot, tone, now }: { snapshot: Snapshot | undefined; tone: Tone; now: number }) {
  const known = snapshot?.usage.known === true;
  // On commit, before paint: the figure is in the page from this moment.
  useLayoutEffect(() => {
    if (known) markFirstGauge();
  }, [known]);
  if (!snapshot) {
    return (
      <section className="gauge" aria-label="Tenant API usage">
        <div
          role="meter"
          aria-label="Tenant API usage"
          aria-valuetext="No reading yet"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={0}
        >
          <p className="gauge-figures gauge-waiting">No reading yet</p>
        </div>
      </section>
    );
  }
  const view = gaugeView(snapshot, userFormats, now);
  return (
    <section className="gauge" aria-label="Tenant API usage">
      {view.known ? (
        <div
          role="meter"
          aria-label="Tenant API usage"
          aria-valuemin={0}
          aria-valuemax={snapshot.usage.known ? snapshot.usage.limit : undefined}
          aria-valuenow={snapshot.usage.known ? snapshot.usage.used : undefined}
          aria-valuetext={view.valueText}
        >
          <p className="gauge-figures" aria-hidden="true">
            <span className="gauge-used">{view.used}</span>
            <span className="gauge-limit"> / {view.limit}</span>
            <span className={`gauge-percent tone-text-${tone}`}>{view.percent}</span>
          </p>
          <Bar share={view.share} tone={tone} marks={view.marks} />
          <p className="gauge-caption">
            <span>{view.window}</span>
            <span className="gauge-freshness">{view.freshness}</span>
          </p>
          <Legend marks={view.marks} />
        </div>
      ) : (
        // A meter needs a value; the value text, which screen readers read instead, says it is unknown.
        <div
          role="meter"
          aria-label="Tenant API usage"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={0}
          aria-valuetext={`Usage unknown: ${view.why}`}
        >
          <p className="gauge-figures gauge-waiting" aria-hidden="true">
            Usage unknown
          </p>
          <Bar share={undefined} tone="unknown" marks={view.marks} />
          <p className="gauge-caption">
            <span>Not counted: see why below</span>
            <span className="gauge-freshness">{view.lastReading}</span>
          </p>
          <Legend marks={view.marks} />
        </div>
      )}
    </section>
  );
}

function Bar({
  share,
  tone,
  marks,
}: {
  share: number | undefined;
  tone: Tone;
  marks: { label: string; percent: number }[];
}) {
  return (
    <div className="gauge-bar" aria-hidden="true">
      <div className="gauge-track">
        {share !== undefined && <div className={`gauge-fill tone-fill-${tone}`} style={{ width: `${share}%` }} />}
        {marks.map((mark) => (
          <span key={mark.label} className="gauge-tick" style={{ left: `${mark.percent}%` }} />
        ))}
      </div>
    </div>
  );
}

function Legend({ marks }: { marks: { label: string; percent: number }[] }) {
  return (
    <p className="gauge-legend">
      {marks.map((mark) => (
        <span key={mark.label}>
          <span className="gauge-legend-tick" aria-hidden="true" />
          {mark.label} {userFormats.percent(mark.percent)}
        </span>
      ))}
    </p>
  );
}
