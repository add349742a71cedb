import { defineConfig } from 'vitest/config';

/**
 * The real-time tests (test/realtime/): the throttle over real HTTP against the simulator, timed against direct
 * calls. One file at a time, after the other tests, so no other test's load skews the timings they compare.
 */
export default defineConfig({
  test: {
    include: ['test/realtime/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 90_000,
  },
});
