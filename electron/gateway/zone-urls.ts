/**
 * Autotask's answers name its zone in two places a client follows: a query page's pageDetails (nextPageUrl,
 * prevPageUrl, absolute URLs on the zone) and zoneInformation's url. A client following them would leave the
 * gateway, so those on this tenant's zone are pointed back at the gateway.
 *
 * The answer is parsed and written anew: at a few calls a second, a page of 500 entities costs well under a
 * millisecond to parse, and reading it as JSON cannot mistake data for a key.
 */

/**
 * What points a query answer's page URLs on `zoneUrl` at `gatewayUrl`: given the answer, it gives it back
 * rewritten, or undefined when nothing in it pointed at the zone (the answer then goes on as it came).
 */
export function pageUrlRewriter(zoneUrl: string, gatewayUrl: string): (body: Buffer) => Buffer[] | undefined {
  return (body) => {
    const answer = objectIn(body);
    const details = answer?.pageDetails;
    if (!isObject(details)) return undefined;
    let changed = false;
    for (const [key, url] of Object.entries(details)) {
      if (!PAGE_URL_KEYS.has(key.toLowerCase()) || typeof url !== 'string') continue;
      const onGateway = moved(url, zoneUrl, gatewayUrl);
      if (onGateway === undefined) continue;
      details[key] = onGateway;
      changed = true;
    }
    return changed ? [Buffer.from(JSON.stringify(answer), 'utf8')] : undefined;
  };
}

/** A zoneInformation answer whose url is the tenant's zone, pointed at the gateway instead; undefined otherwise. */
export function zoneOnGateway(body: Buffer, zoneUrl: string, gatewayUrl: string): Buffer[] | undefined {
  const answer = objectIn(body);
  if (typeof answer?.url !== 'string') return undefined;
  // Another tenant's user is sent to its own zone: this gateway throttles one tenant only.
  const url = answer.url.endsWith('/') ? answer.url : `${answer.url}/`;
  if (url.toLowerCase() !== zoneUrl.toLowerCase()) return undefined;
  return [Buffer.from(JSON.stringify({ ...answer, url: gatewayUrl }), 'utf8')];
}

const PAGE_URL_KEYS = new Set(['nextpageurl', 'prevpageurl']);

/** `url` on the gateway when it is on the zone (whatever the letter case Autotask writes it in). */
function moved(url: string, zoneUrl: string, gatewayUrl: string): string | undefined {
  if (url.slice(0, zoneUrl.length).toLowerCase() !== zoneUrl.toLowerCase()) return undefined;
  return gatewayUrl + url.slice(zoneUrl.length);
}

function objectIn(body: Buffer): Record<string, unknown> | undefined {
  try {
    const answer: unknown = JSON.parse(body.toString('utf8'));
    return isObject(answer) ? answer : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
