import { defineConfig } from 'vitest/config';

/**
 * The package stage: test/build/package-setup.ts builds the app and packages it with electron-builder (`--dir`,
 * offline), then test/build/package.test.ts reads the asar and test/build/first-launch.test.ts starts the built app
 * with a stand-in Electron. Run alone after the unit tests (`npm run test:package`): it is slow and busy.
 */
export default defineConfig({
  test: {
    include: ['test/build/package.test.ts', 'test/build/first-launch.test.ts'],
    globalSetup: ['test/build/package-setup.ts'],
    environment: 'node',
    env: { HEADROOM_PACKAGE_TEST: '1' },
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
