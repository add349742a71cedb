/**
 * Autotask's query answers end with pageDetails whose nextPageUrl / prevPageUrl are absolute URLs on the zone. A
 * client following them would leave the gateway after the first page, so those on the zone are pointed back at
 * the gateway. Only the two values change; every other byte of the answer is passed on as it came.
 *
 * The key is matched in the raw text: inside a JSON string a quote is escaped, so data that merely contains the
 * words "nextPageUrl" cannot match.
 */
const PAGE_URL = /"(?:[nN]ext|[pP]rev)PageUrl"\s*:\s*("(?:[^"\\]|\\.)*")/g;
const KEY_TAIL = 'PageUrl"';

/** The answer with its page URLs on the gateway, or undefined when nothing in it pointed at the zone. */
export function pageUrlsOnGateway(body: Buffer, zoneUrl: string, gatewayUrl: string): Buffer | undefined {
  if (!body.includes(KEY_TAIL)) return undefined;
  const zone = zoneUrl.toLowerCase();
  let changed = false;
  const text = body.toString('utf8').replace(PAGE_URL, (match, literal: string) => {
    const url = stringIn(literal);
    if (url === undefined || url.slice(0, zone.length).toLowerCase() !== zone) return match;
    changed = true;
    return match.slice(0, match.length - literal.length) + JSON.stringify(gatewayUrl + url.slice(zone.length));
  });
  return changed ? Buffer.from(text, 'utf8') : undefined;
}

function stringIn(literal: string): string | undefined {
  try {
    return JSON.parse(literal) as string;
  } catch {
    return undefined;
  }
}

/** A zoneInformation answer whose url is the tenant's zone, pointed at the gateway instead; undefined otherwise. */
export function zoneOnGateway(body: Buffer, zoneUrl: string, gatewayUrl: string): Buffer | undefined {
  let answer: unknown;
  try {
    answer = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof answer !== 'object' || answer === null || !('url' in answer) || typeof answer.url !== 'string') {
    return undefined;
  }
  // Another tenant's user is sent to its own zone: this gateway throttles one tenant only.
  const url = answer.url.endsWith('/') ? answer.url : `${answer.url}/`;
  if (url.toLowerCase() !== zoneUrl.toLowerCase()) return undefined;
  return Buffer.from(JSON.stringify({ ...answer, url: gatewayUrl }), 'utf8');
}
