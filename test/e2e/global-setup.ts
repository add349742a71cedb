import { build } from 'vite';

/** The browser suite tests the renderer as it ships: built by Vite, loaded under its Content Security Policy. */
export default async function buildRenderer(): Promise<void> {
  await build({ configFile: 'vite.config.ts', logLevel: 'warn' });
}
