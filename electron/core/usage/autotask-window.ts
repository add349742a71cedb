/**
 * Autotask counts a tenant's API calls over a rolling window of 60 minutes. Every reading reports its window
 * (timeframeMinutes) and that figure is used once known; this one stands in before the first reading, and sizes
 * what must be remembered for the longest window Autotask reports.
 */
export const AUTOTASK_WINDOW_MS = 60 * 60_000;
