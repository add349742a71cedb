/**
 * `npm run dev`: the everyday loop. The demo host (`headroom serve --demo`, ports from the OS) runs the Monitor,
 * the throttle and the gateway; Vite's dev server serves the renderer with hot reload and passes `/api` on to the
 * host, so the page talks to it as the host's own page would. Ctrl+C ends both.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { createServer, type Plugin } from 'vite';
import { withToken } from '../../electron/headless/static-files';
import { runAsScript } from './run-as-script';

const root = join(import.meta.dirname, '..', '..');
const usage = `Usage: npm run dev [-- --port N]

The popover in a browser with hot reload, against the demo host (a simulated tenant).
  --port N    the dev server's port on 127.0.0.1; 0 picks a free one (default 5173, or the next free one)`;

interface HostAddresses {
  ui: string;
  gateway: string;
  tokenPath: string;
}

/** The host's first lines say where it is; everything after them is its log, passed on as it comes. */
function startHost(): Promise<{ host: ChildProcessByStdio<null, Readable, null>; addresses: HostAddresses }> {
  const cli = join(root, 'electron', 'headless', 'cli.ts');
  const host = spawn(
    process.execPath,
    ['--import', 'tsx', cli, 'serve', '--demo', '--port', '0', '--gateway-port', '0'],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    const found: Partial<HostAddresses> = {};
    let started = false;
    createInterface({ input: host.stdout }).on('line', (line) => {
      if (started) return console.log(`host: ${line}`);
      found.ui ??= /^Headroom UI at (\S+)/.exec(line)?.[1];
      found.gateway ??= /^Headroom gateway at (\S+)/.exec(line)?.[1];
      found.tokenPath ??= /read the token for changes from (.+)$/.exec(line)?.[1];
      if (found.ui && found.gateway && found.tokenPath) {
        started = true;
        resolve({ host, addresses: found as HostAddresses });
      }
    });
    host.on('exit', (code) => {
      if (!started) reject(new Error(`npm run dev: the demo host stopped before it started (exit ${code}).`));
    });
  });
}

/**
 * The dev server's page is the host's page: its token in the meta tag (read afresh on each load, so a restarted
 * host is followed), and its Content Security Policy loosened for what only the dev server does: React's refresh
 * preamble is an inline script and Vite puts CSS in <style> elements.
 */
function hostPage(tokenPath: string): Plugin {
  return {
    name: 'headroom-dev-host-page',
    async transformIndexHtml(html) {
      const token = (await readFile(tokenPath, 'utf8')).trim();
      const devPolicy = html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
      return withToken(devPolicy, token);
    },
  };
}

function portOf(args: readonly string[]): number | undefined {
  const index = args.indexOf('--port');
  if (index === -1) return undefined;
  const port = Number(args[index + 1]);
  if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
  throw new Error('npm run dev: --port must be a whole number from 0 to 65535 (0 picks a free one).');
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage);
    return 0;
  }
  const port = portOf(args);
  const { host, addresses } = await startHost();
  // 'close', not 'exit': the host's last lines are passed on before the dev server stops.
  const hostExit = new Promise<number | null>((resolve) => host.on('close', (code) => resolve(code)));
  const hostOrigin = new URL(addresses.ui).origin;
  const server = await createServer({
    configFile: join(root, 'vite.config.ts'),
    plugins: [hostPage(addresses.tokenPath)],
    server: {
      host: '127.0.0.1',
      ...(port === undefined ? {} : { port, strictPort: true }),
      proxy: {
        '/api': {
          target: hostOrigin,
          changeOrigin: true,
          // The host takes changes only from its own page: the dev server's page stands in for it.
          configure: (proxy) => proxy.on('proxyReq', (request) => request.setHeader('Origin', hostOrigin)),
        },
      },
    },
  });
  await server.listen();
  console.log(
    `Headroom dev at ${server.resolvedUrls?.local[0]} (hot reload), against the demo host at ${addresses.ui}`,
  );
  console.log(`Headroom gateway at ${addresses.gateway}`);
  console.log('Ctrl+C stops both.');

  // Ctrl+C reaches the host too (same process group): it answers held calls, removes its token file and exits,
  // and the dev server stops after it. A SIGTERM is passed on to the host; Vite's own SIGTERM handler then closes
  // the dev server and exits without waiting, and the host finishes stopping on its own.
  let stopping = false;
  process.on('SIGINT', () => (stopping = true));
  process.on('SIGTERM', () => {
    stopping = true;
    host.kill('SIGTERM');
  });
  const code = await hostExit;
  await server.close();
  if (!stopping) console.error(`npm run dev: the demo host stopped (exit ${code}); the dev server stopped with it.`);
  return stopping ? 0 : 1;
}

runAsScript(import.meta.url, main);
