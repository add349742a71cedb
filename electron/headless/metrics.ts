import { Counter, Gauge, Registry } from 'prom-client';
import type { ConnectionView, ContractHandlers, GatewayView, StateView, UsageView } from '../contract';
import { priorities } from '../core/throttle/priority';
import type { ConnectionHealth } from '../core/usage/connection';
import { hourStartOf } from '../core/usage/history';
import { callOutcomes, throttleModes, type HourRow } from '../core/usage/history-snapshot';

/** Every connection health, listed from a record so a new one cannot be left out of the metrics. */
const connectionHealths = Object.keys({
  ok: true,
  degraded: true,
  offline: true,
  'auth-failed': true,
} satisfies Record<ConnectionHealth, true>) as ConnectionHealth[];

export interface MetricsPage {
  contentType: string;
  text: string;
}

type GaugeMaker = (name: string, help: string, labelNames?: string[]) => Gauge;

/**
 * `GET /metrics` in the Prometheus text format, read afresh from the service at each scrape. Each scrape builds a
 * registry of its own, so two scrapes at once cannot mix their figures, an integration code seen before does not
 * linger, and nothing lands in prom-client's global registry.
 */
export async function readMetrics(handlers: Pick<ContractHandlers, 'snapshot' | 'usageHistory'>): Promise<MetricsPage> {
  const [snapshot, hours] = await Promise.all([handlers.snapshot(), handlers.usageHistory({ hours: 1 })]);
  const registry = new Registry();
  const gauge: GaugeMaker = (name, help, labelNames = []) =>
    new Gauge({ name, help, labelNames, registers: [registry] });
  addUsage(snapshot.usage, gauge);
  addThrottle(snapshot.state, gauge);
  addConnection(snapshot.connection, gauge);
  addThisHour(
    hours.find((row) => row.hourStart === hourStartOf(snapshot.at)),
    gauge,
  );
  addGateway(snapshot.gateway, registry, gauge);
  return { contentType: registry.contentType, text: await registry.metrics() };
}

/** Usage that is not known has no used/limit/percent series at all: an unknown figure is never shown as zero. */
function addUsage(usage: UsageView, gauge: GaugeMaker): void {
  gauge(
    'headroom_usage_known',
    'Whether Headroom knows the usage of the tenant (1) or not (0: no poll has succeeded lately).',
  ).set(Number(usage.known));
  if (!usage.known) return;
  gauge(
    'headroom_usage_used',
    'API requests in the rolling window of the tenant: a reading, or the estimate since one.',
  ).set(usage.used);
  gauge('headroom_usage_limit', 'The API request limit of the tenant for the rolling window.').set(usage.limit);
  gauge('headroom_usage_percent', 'Used as a share of the limit, in percent, rounded down.').set(usage.percent);
  gauge('headroom_usage_reading_age_seconds', 'How old the last reading of the counter of the tenant is.').set(
    usage.readingAgeMs / 1000,
  );
}

function addThrottle(state: StateView, gauge: GaugeMaker): void {
  const mode = gauge('headroom_throttle_state', 'The throttle state: 1 for the one it is in, 0 for the others.', [
    'state',
  ]);
  for (const each of throttleModes) mode.set({ state: each }, Number(state.mode === each));
  gauge('headroom_throttle_critical_stop', 'Every call is held, critical ones too (1), or not (0).').set(
    Number(state.criticalStopped),
  );
}

function addConnection(connection: ConnectionView, gauge: GaugeMaker): void {
  const health = gauge('headroom_connection_health', 'How well Headroom sees the counter: 1 for the health it has.', [
    'health',
  ]);
  for (const each of connectionHealths) health.set({ health: each }, Number(connection.health === each));
}

/**
 * The split by priority is kept only hour by hour (the history), so these are the current clock hour's figures,
 * as Autotask shows its own API activity by hour.
 */
function addThisHour(row: HourRow | undefined, gauge: GaugeMaker): void {
  gauge(
    'headroom_polls_this_hour',
    'Usage polls Headroom sent in the current clock hour (each counts against the limit).',
  ).set(row?.polls ?? 0);
  const calls = gauge(
    'headroom_gateway_calls_this_hour',
    'Calls through the gateway in the current clock hour, by priority and what became of them.',
    ['priority', 'outcome'],
  );
  for (const priority of priorities) {
    for (const outcome of callOutcomes) calls.set({ priority, outcome }, row?.byPriority[priority][outcome] ?? 0);
  }
}

function addGateway(gateway: GatewayView, registry: Registry, gauge: GaugeMaker): void {
  const calls = new Counter({
    name: 'headroom_gateway_calls_total',
    help: 'Calls through the gateway since it started, by integration code and what became of them.',
    labelNames: ['integration_code', 'outcome'],
    registers: [registry],
  });
  for (const [code, counts] of Object.entries(gateway.byIntegration)) {
    for (const outcome of callOutcomes) calls.inc({ integration_code: code, outcome }, counts[outcome]);
  }
  gauge('headroom_gateway_calls_in_flight', 'Calls sent to Autotask whose answer is not yet relayed.').set(
    gateway.inFlight,
  );
  gauge('headroom_gateway_calls_waiting', 'Calls waiting for the throttle or a thread slot.').set(gateway.waiting);
}
