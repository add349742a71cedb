import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { build } from 'vite';
import { chromiumLaunchOptions } from './chromium';

/**
 * The browser suite tests the renderer as it ships: built by Vite, loaded under its Content Security Policy. On a
 * developer's machine with neither Debian's Chromium nor Playwright's own, Playwright's is installed first (it
 * needs the network, once); CI installs Debian's instead (.ci/run) and never downloads a browser.
 */
export default async function setUpBrowserTests(): Promise<void> {
  if (!chromiumLaunchOptions().executablePath && !existsSync(chromium.executablePath())) {
    if (process.env.CI) {
      throw new Error(
        'No Chromium for the browser tests: install Debian’s (apt-get install chromium), as .ci/run does.',
      );
    }
    console.log('No Chromium found: installing Playwright’s own for the browser tests (once).');
    execFileSync('npx', ['playwright', 'install', 'chromium'], { stdio: 'inherit' });
  }
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
}
