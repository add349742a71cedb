import { Agent as HttpAgent, request as httpRequest, type ClientRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** The tenant's zone, ready to send calls to. */
export interface Zone {
  /** The zone's REST root as given, ending in "/": e.g. https://webservices5.autotask.net/ATServicesRest/ */
  readonly url: string;
  /** Its host (and port) for the Host header. */
  readonly host: string;
  /** Starts a call to `rest` (a path and query relative to the zone's root); the caller writes the body. */
  send(rest: string, method: string, headers: string[]): ClientRequest;
}

/**
 * The connections to Autotask: kept alive and reused across calls (a new TLS handshake per call would cost more
 * than the whole gateway), one pool per scheme. The zone is looked up per call but rarely changes, so the parsed
 * zone is kept until it does.
 */
export class Upstream {
  private readonly httpAgent = new HttpAgent({ keepAlive: true });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true });
  private zone: Zone | undefined;

  /** The zone for a URL from zone discovery; throws a TypeError (in words) when it is not an http(s) URL. */
  zoneAt(zoneUrl: string): Zone {
    const url = zoneUrl.endsWith('/') ? zoneUrl : `${zoneUrl}/`;
    if (this.zone?.url === url) return this.zone;
    const parsed = URL.canParse(url) ? new URL(url) : undefined;
    if (parsed?.protocol !== 'http:' && parsed?.protocol !== 'https:') {
      throw new TypeError(`The tenant's zone URL is not an http(s) URL: "${zoneUrl}".`);
    }
    const secure = parsed.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    const agent = secure ? this.httpsAgent : this.httpAgent;
    const { port, pathname } = parsed;
    const hostname = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
    const zone: Zone = {
      url,
      host: parsed.host,
      send: (rest, method, headers) =>
        send({ hostname, port, path: pathname + rest, method, headers, agent, setHost: false }),
    };
    this.zone = zone;
    return zone;
  }

  /** Closes every connection to Autotask: for when no call is under way any more. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
