import { defineConfig } from 'vitest/config';

/**
 * The package test (test/build/package.test.ts): builds the app and packages it with electron-builder (`--dir`,
 * offline), then reads the asar. Run alone after the unit tests (`npm run test:package`): it is slow and busy.
 */
export default defineConfig({
  test: {
    include: ['test/build/package.test.ts'],
    environment: 'node',
    env: { HEADROOM_PACKAGE_TEST: '1' },
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
