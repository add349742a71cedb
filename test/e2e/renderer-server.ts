import { preview, type PreviewServer } from 'vite';

/** Serves the built renderer on a free loopback port, as the headless host will. */
export async function serveRenderer(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: PreviewServer = await preview({
    configFile: 'vite.config.ts',
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('The renderer preview server did not report its address.');
  return { url, close: () => server.close() };
}
