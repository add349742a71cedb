import type { ForecastLine as Line } from '../view/forecast-view';

export function ForecastLine({ line }: { line: Line }) {
  return (
    <p className={line.warning ? 'forecast forecast-warning' : 'forecast'}>
      <span className="label">Forecast</span> {line.text}
    </p>
  );
}
