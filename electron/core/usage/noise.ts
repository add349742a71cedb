/**
 * How many standard deviations of counting noise the estimate allows for. Other integrations' calls arrive roughly
 * as a Poisson process, so n expected arrivals vary by about sqrt(n): a rise beyond 2 sqrt(n) is a surge rather
 * than luck, and the worst case adds 2 sqrt(n) for arrivals the rate did not foresee.
 */
export const NOISE_DEVIATIONS = 2;
