import { useHistory } from '../hooks/use-history';
import { userFormats } from '../view/format';
import { historyChart, type HourBar } from '../view/history-view';

const WIDTH = 328;
const HEIGHT = 236;
const PLOT_TOP = 14;
const PLOT_BOTTOM = 206;
const STRIP_Y = 210;
const chartKey = [
  ['key-tenant', 'Tenant'],
  ['key-ours', 'Headroom'],
  ['key-slowed', 'Slowed'],
  ['key-asleep', 'Asleep'],
  ['key-missing', 'Not watched'],
] as const;

/** Usage by hour for the last 24 hours; the chart is drawn, a screen reader gets the same figures as a table. */
export function UsageChart() {
  const [history, retry] = useHistory(24);
  return (
    <section className="panel" aria-labelledby="history-title">
      <h2 id="history-title" className="panel-title">
        Usage by hour, last 24 hours
      </h2>
      {history === undefined ? (
        <p className="muted">Reading the history…</p>
      ) : 'problem' in history ? (
        <div className="message message-problem" role="alert">
          <p>{history.problem}</p>
          <button type="button" className="button" onClick={retry}>
            Try again
          </button>
        </div>
      ) : (
        <Chart rows={history.rows} />
      )}
    </section>
  );
}

function Chart({ rows }: { rows: Parameters<typeof historyChart>[0] }) {
  const chart = historyChart(rows, userFormats);
  const slot = WIDTH / Math.max(1, chart.bars.length);
  const y = (value: number) => PLOT_BOTTOM - (value / chart.scaleMax) * (PLOT_BOTTOM - PLOT_TOP);
  return (
    <>
      <p className="chart-summary">{chart.summary}</p>
      <svg className="chart" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} width="100%" aria-hidden="true" focusable="false">
        {chart.bars.map((bar, index) => (
          <Bar key={bar.hourStart} bar={bar} x={index * slot} width={slot} y={y} />
        ))}
        {chart.limit !== undefined && (
          <>
            <line className="chart-limit" x1={0} x2={WIDTH} y1={y(chart.limit)} y2={y(chart.limit)} />
            <text className="chart-limit-label" x={WIDTH - 2} y={y(chart.limit) - 3} textAnchor="end">
              limit {userFormats.count(chart.limit)}
            </text>
          </>
        )}
        {chart.bars.map((bar, index) =>
          index % 6 === 0 && index < chart.bars.length - 3 ? (
            <text key={bar.hourStart} className="chart-axis" x={index * slot + 1} y={HEIGHT - 2}>
              {userFormats.clockTime(bar.hourStart)}
            </text>
          ) : null,
        )}
        <text className="chart-axis" x={WIDTH - 1} y={HEIGHT - 2} textAnchor="end">
          now
        </text>
      </svg>
      <ul className="chart-key" aria-hidden="true">
        {chartKey.map(([className, label]) => (
          <li key={className}>
            <span className={`key ${className}`} />
            {label}
          </li>
        ))}
      </ul>
      <table className="visually-hidden">
        <caption>Usage by hour, last 24 hours</caption>
        <thead>
          <tr>
            <th scope="col">Hour</th>
            <th scope="col">Tenant usage (peak)</th>
            <th scope="col">Headroom’s calls</th>
            <th scope="col">Minutes throttled</th>
          </tr>
        </thead>
        <tbody>
          {chart.bars.map((bar) => (
            <tr key={bar.hourStart}>
              <th scope="row">{bar.label}</th>
              <td>
                {bar.tenant === undefined
                  ? 'not read'
                  : `${userFormats.count(bar.tenant)} of ${userFormats.count(bar.limit ?? 0)}`}
              </td>
              <td>{userFormats.count(bar.ours)}</td>
              <td>{userFormats.count(bar.throttledMinutes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Bar({ bar, x, width, y }: { bar: HourBar; x: number; width: number; y: (value: number) => number }) {
  const inner = Math.max(1, width - 3);
  const left = x + 1.5;
  const stripSlowed = bar.throttledMinutes - bar.asleepMinutes;
  return (
    <g>
      <title>{bar.label}</title>
      {bar.tenant !== undefined ? (
        <rect
          className="chart-tenant"
          x={left}
          width={inner}
          y={y(bar.tenant)}
          height={PLOT_BOTTOM - y(bar.tenant)}
          rx={1.5}
        />
      ) : (
        <rect className="chart-missing" x={left} width={inner} y={PLOT_BOTTOM - 2} height={2} />
      )}
      {bar.ours > 0 && (
        <rect
          className="chart-ours"
          x={left}
          width={inner}
          y={y(bar.ours)}
          height={PLOT_BOTTOM - y(bar.ours)}
          rx={1.5}
        />
      )}
      {bar.asleepMinutes > 0 ? (
        <rect className="chart-asleep" x={left} width={inner} y={STRIP_Y} height={5} rx={1} />
      ) : stripSlowed > 0 ? (
        <rect className="chart-slowed" x={left} width={inner} y={STRIP_Y} height={5} rx={1} />
      ) : null}
    </g>
  );
}
