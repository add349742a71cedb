import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

/** Debian's Chromium where it is installed (CI and these machines); Playwright's own browser elsewhere. */
const debianChromium = '/usr/bin/chromium';

/** Flags that keep Chromium off the closed network of these machines; harmless elsewhere. */
const quietFlags = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumLaunchOptions(): LaunchOptions {
  const executablePath = process.env.HEADROOM_CHROMIUM ?? (existsSync(debianChromium) ? debianChromium : undefined);
  return executablePath ? { executablePath, args: quietFlags } : { args: quietFlags };
}
