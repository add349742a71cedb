import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/e2e/chromium';

export default defineConfig({
  globalSetup: './test/e2e/global-setup.ts',
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  workers: 2,
  reporter: process.env.CI ? 'line' : 'list',
  use: { launchOptions: chromiumLaunchOptions() },
});
