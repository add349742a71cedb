import type { IncomingHttpHeaders } from 'node:http';

/**
 * The gateway forwards calls with whatever credentials they carry, so no web page may drive it. Browsers mark
 * their requests: an Origin header on cross-site and scripted ones, Sec-Fetch-Site on all of them (an <img> too:
 * "none" only for what the user typed in the address bar), and a Host that is the page's own name when a DNS name
 * is rebound to 127.0.0.1. Scripts address the gateway by its loopback address and send none of these marks
 * (Node's fetch sends Sec-Fetch-Mode, but not Sec-Fetch-Site).
 */
export function refusalOf(headers: IncomingHttpHeaders, ownHosts: ReadonlySet<string>): string | undefined {
  if (headers.origin !== undefined) {
    return 'Headroom’s gateway does not take calls from web pages (the request has an Origin header).';
  }
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site.toLowerCase() !== 'none') {
    return `Headroom’s gateway does not take calls from web pages (the request has Sec-Fetch-Site: ${site}).`;
  }
  const host = headers.host?.toLowerCase();
  if (host === undefined || !ownHosts.has(host)) {
    return `Headroom’s gateway answers only calls addressed to ${[...ownHosts].join(' or ')} (the Host was ${
      host === undefined ? 'missing' : `"${host}"`
    }).`;
  }
  return undefined;
}

/** The Host values a local client can address the gateway by. */
export function ownHostsOf(port: number): ReadonlySet<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}
