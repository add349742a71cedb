import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Timed against direct calls, so run alone afterwards: vitest.realtime.config.ts; the packaging and first-launch
    // tests build the app first: vitest.package.config.ts.
    exclude: ['test/realtime/**', 'test/build/package.test.ts', 'test/build/first-launch.test.ts', 'node_modules/**'],
    environment: 'node',
    // Integration tests start real loopback servers; two cores, so keep the pool small and predictable.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
  },
});
