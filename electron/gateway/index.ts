export { startGateway, DEFAULT_CLOSE_GRACE_MS } from './server';
export type { Gateway } from './server';
export type { CallerCounts, GatewayStats } from './accounting';
export { GatewayListenError, GatewayOptionsError } from './errors';
export {
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_HOLD_SECONDS,
  DEFAULT_UPSTREAM_TIMEOUT_MS,
  type GatewayOptions,
  type GatewayThrottle,
} from './options';
export { PRIORITY_HEADER } from './priority-header';
export { CALLS_PER_ENDPOINT } from './thread-slots';
