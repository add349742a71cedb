import type { IncomingHttpHeaders } from 'node:http';
import { ownHostsOf } from '../gateway/request-guard';

/**
 * The host shows the tenant's figures and drives the throttle, so only its own page and programs on this computer
 * may use it. Unlike the gateway it serves a web page, whose own requests carry its origin: that origin is welcome,
 * any other is not. A DNS name rebound to 127.0.0.1 arrives with that name as its Host. What a foreign page sends
 * without an Origin (an <img>, a <script src>) is marked cross-site by Sec-Fetch-Site; only a link followed to the
 * UI may come from elsewhere.
 */
export function refusalOf(headers: IncomingHttpHeaders, port: number): string | undefined {
  const ownHosts = ownHostsOf(port);
  const host = headers.host?.toLowerCase();
  if (host === undefined || !ownHosts.has(host)) {
    return `Headroom answers only requests addressed to ${[...ownHosts].join(' or ')} (the Host was ${
      host === undefined ? 'missing' : `"${shortened(host)}"`
    }).`;
  }
  const origin = headers.origin;
  if (origin !== undefined && !ownOriginsOf(ownHosts).has(origin.toLowerCase())) {
    return `Headroom takes requests only from its own page (this one came from ${shortened(origin)}).`;
  }
  const site = headers['sec-fetch-site']?.toLowerCase();
  if ((site === 'cross-site' || site === 'same-site') && headers['sec-fetch-mode'] !== 'navigate') {
    return `Headroom takes requests only from its own page (this one came from another site: Sec-Fetch-Site: ${site}).`;
  }
  return undefined;
}

function ownOriginsOf(ownHosts: ReadonlySet<string>): ReadonlySet<string> {
  return new Set([...ownHosts].map((host) => `http://${host}`));
}

function shortened(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
