/**
 * The peer the gateway is measured against: a plain reverse proxy built on http-proxy-3, in its own process, with
 * keep-alive connections to the simulator as the gateway has (http-proxy-3 opens a connection per call without an
 * agent, which would measure TCP set-up instead of proxying). It does nothing but pass calls on.
 */
import { Agent, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createProxyServer } from 'http-proxy-3';
import { serveBench } from './process-link';

export interface PlainProxyConfig {
  /** The simulator's origin, http://127.0.0.1:PORT */
  target: string;
}

await serveBench<PlainProxyConfig>(async ({ target }) => {
  const agent = new Agent({ keepAlive: true });
  const proxy = createProxyServer({ target, agent });
  proxy.on('error', (_error, _req, res) => {
    if ('writeHead' in res && !res.headersSent) res.writeHead(502).end();
  });
  const server = createServer((req, res) => proxy.web(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/ATServicesRest/`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      agent.destroy();
    },
  };
});
