import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/e2e/chromium';

export default defineConfig({
  globalSetup: './test/e2e/global-setup.ts',
  testMatch: '**/*.spec.ts',
  workers: 2,
  reporter: process.env.CI ? 'line' : 'list',
  projects: [
    // The popover in Chromium against the headless host, the simulator and fixtures.
    { name: 'chromium', testDir: 'test/e2e', use: { launchOptions: chromiumLaunchOptions() } },
    // The tray app in Electron (skipped, saying why, where no Electron binary is installed).
    { name: 'electron', testDir: 'test/electron' },
  ],
});
