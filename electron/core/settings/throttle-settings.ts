/**
 * The throttle's settings. Thresholds are percentages of the tenant's live limit (externalRequestThreshold), so
 * they hold for a tenant whose limit is not 10,000. The schema in this folder validates them; these are the
 * defaults a new install starts with.
 */
export interface ThrottleSettings {
  /** normal -> slowed at this share of the limit. */
  slowAtPercent: number;
  /** -> asleep at this share. */
  sleepAtPercent: number;
  /** asleep -> normal (automatically, if autoResume) below this share. */
  resumeBelowPercent: number;
  /** Past this share even critical calls are held: the hard cap would stop every integration of the tenant. */
  criticalStopAtPercent: number;
  /** slowed -> normal only below slowAtPercent minus this band, so a value hovering at slowAt does not flap. */
  hysteresisPercent: number;
  /** Leave sleep on its own when usage falls below resumeBelowPercent; off = only Wake Up resumes. */
  autoResume: boolean;
  /** After Wake Up, how long usage may stay at or above sleepAt before the connection goes back to sleep. */
  wakeGraceSeconds: number;
}

export const defaultThrottleSettings: ThrottleSettings = {
  slowAtPercent: 75,
  sleepAtPercent: 90,
  resumeBelowPercent: 70,
  criticalStopAtPercent: 98,
  hysteresisPercent: 3,
  autoResume: true,
  wakeGraceSeconds: 120,
};
