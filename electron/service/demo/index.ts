/**
 * Demo mode: with no credentials configured, the embedded simulator stands in for Autotask, a tour steers its other
 * integrations' load through every state of the throttle, and a small workload of Headroom's own goes through the
 * gateway. The service puts it together in this order:
 *
 *   const tenant = await startDemoTenant({ clock });
 *   const settings = withDemoSettings(storedSettings, tenant.autotaskBaseUrl);   // again on every settings change
 *   // ... the Monitor with tenant.credentials and settings, and the gateway, as for a real tenant ...
 *   const tour = startDemoTour({ clock, others: tenant.simulator });              // tour.current() for the banner
 *   const workload = startDemoWorkload({ clock, caller: gatewayCaller(gateway.baseUrl) });
 *
 * and stops it the other way round: `await workload.stop()`, `tour.stop()`, the gateway and the Monitor, then
 * `await tenant.stop()` last, so no poll finds the tenant gone and reports the connection lost.
 */
export { withDemoSettings, demoWakeGraceSeconds, demoNotificationCooldownMinutes } from './demo-settings';
export { startDemoTenant, demoTenantScale, type DemoTenant, type DemoTenantOptions } from './demo-tenant';
export {
  startDemoTour,
  demoTourPhases,
  type DemoPhase,
  type DemoPhaseName,
  type DemoTour,
  type DemoTourOptions,
  type DemoTourPosition,
  type OthersLoad,
} from './demo-tour';
export {
  startDemoWorkload,
  type DemoCall,
  type DemoCaller,
  type DemoWorkload,
  type DemoWorkloadOptions,
  type DemoWorkloadStats,
} from './demo-workload';
export { gatewayCaller } from './gateway-caller';
export { demoIntegrationCodes, demoWorkloadUsers, type DemoIntegrationCode } from './demo-users';
