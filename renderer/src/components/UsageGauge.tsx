export interface UsageReading {
  used: number;
  limit: number;
  timeframeMinutes: number;
}

const count = new Intl.NumberFormat('en-US');

/** Tenant-wide usage of the rolling window, as an accessible meter. Without a reading it says so, never "0". */
export function UsageGauge({ reading }: { reading: UsageReading | undefined }) {
  if (!reading) {
    return (
      <section className="gauge" aria-label="Tenant API usage">
        <div role="meter" aria-label="Tenant API usage" aria-valuetext="No reading yet" aria-valuemin={0}>
          <p className="gauge-figure">No reading yet</p>
        </div>
      </section>
    );
  }
  const share = Math.min(1, reading.used / reading.limit);
  const label = `${count.format(reading.used)} / ${count.format(reading.limit)} in the last ${reading.timeframeMinutes} min`;
  return (
    <section className="gauge" aria-label="Tenant API usage">
      <div
        role="meter"
        aria-label="Tenant API usage"
        aria-valuemin={0}
        aria-valuemax={reading.limit}
        aria-valuenow={reading.used}
        aria-valuetext={label}
      >
        <div className="gauge-track">
          <div className="gauge-fill" style={{ width: `${Math.round(share * 1000) / 10}%` }} />
        </div>
        <p className="gauge-figure">{label}</p>
      </div>
    </section>
  );
}
