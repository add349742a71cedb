import type { CallCounts, GatewayView } from '../../../electron/contract';
import type { Formats } from './format';

export interface CountCell {
  label: string;
  value: string;
  /** Worth a second look: calls held or refused. */
  attention: boolean;
}

export interface IntegrationRow {
  code: string;
  cells: CountCell[];
}

interface Column {
  label: string;
  value: (counts: CallCounts) => number;
  attention: boolean;
}

/** "Sent" counts every call Autotask got, whether at once or after a hold; "Held first" is the part that waited. */
const columns = {
  inFlight: { label: 'In flight', value: (counts) => counts.inFlight, attention: false },
  waiting: { label: 'Waiting', value: (counts) => counts.waiting, attention: true },
  sent: { label: 'Sent', value: (counts) => counts.forwarded + counts.held, attention: false },
  held: { label: 'Held first', value: (counts) => counts.held, attention: false },
  refused: { label: 'Refused', value: (counts) => counts.refused, attention: true },
  failed: { label: 'Failed', value: (counts) => counts.failed, attention: true },
} satisfies Record<string, Column>;

const totalColumns: readonly Column[] = Object.values(columns);
/** Calls in flight change too fast to read per integration, and failures are rare: the totals have them. */
const integrationColumns: readonly Column[] = [columns.waiting, columns.sent, columns.held, columns.refused];

function cellsOf(counts: CallCounts, shown: readonly Column[], formats: Formats): CountCell[] {
  return shown.map(({ label, value, attention }) => ({
    label,
    value: formats.count(value(counts)),
    attention: attention && value(counts) > 0,
  }));
}

export function countCells(counts: CallCounts, formats: Formats): CountCell[] {
  return cellsOf(counts, totalColumns, formats);
}

/** Busiest first, so the integration that matters is at the top. */
export function integrationRows(gateway: GatewayView, formats: Formats): IntegrationRow[] {
  return Object.entries(gateway.byIntegration)
    .sort(([a, left], [b, right]) => total(right) - total(left) || a.localeCompare(b))
    .map(([code, counts]) => ({ code, cells: cellsOf(counts, integrationColumns, formats) }));
}

function total(counts: CallCounts): number {
  return counts.forwarded + counts.held + counts.refused + counts.failed + counts.inFlight + counts.waiting;
}

/** "2,221 sent · 23 waiting · 12 refused": the line under the gauge (the Gateway tab has the rest). */
export function gatewaySummary(gateway: GatewayView, formats: Formats): string {
  if (gateway.baseUrl === undefined) return 'The gateway is not listening.';
  const { count } = formats;
  return `${count(gateway.forwarded + gateway.held)} sent · ${count(gateway.waiting)} waiting · ${count(gateway.refused)} refused`;
}
