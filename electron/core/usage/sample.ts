/** The tenant's counter in one place: requests in the rolling window, the limit, and the window's length. */
export interface UsageFigures {
  /** Requests counted in the rolling window (currentTimeframeRequestCount). */
  used: number;
  /** The tenant's live limit (externalRequestThreshold); never assume 10,000. */
  limit: number;
  /** Length of the rolling window in minutes (requestThresholdTimeframe). */
  timeframeMinutes: number;
}

/** One reading of the tenant-wide counter (Autotask's ThresholdInformation), stamped with when it was taken. */
export interface UsageSample extends UsageFigures {
  /** Clock time (ms) at which the answer arrived. */
  takenAt: number;
  /**
   * Clock time (ms) the request for it was sent, if known. Our calls made while the answer was on its way may or
   * may not be in `used`; the usage estimate counts them as not, which errs on the safe side, and measures the
   * others' rate without mistaking them for the others' calls.
   */
  requestedAt?: number;
}
