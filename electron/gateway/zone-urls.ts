/**
 * Autotask's query answers end with pageDetails whose nextPageUrl / prevPageUrl are absolute URLs on the zone. A
 * client following them would leave the gateway after the first page, so those on the zone are pointed back at
 * the gateway. Only the two values change; every other byte of the answer is passed on as it came.
 *
 * The key is matched in the raw text: inside a JSON string a quote is escaped, so data that merely contains the
 * words "nextPageUrl" cannot match.
 */
const PAGE_URL = /"(?:[nN]ext|[pP]rev)PageUrl"\s*:\s*("(?:[^"\\]|\\.)*")/g;
const KEY_TAIL = Buffer.from('PageUrl"');
/** `"next` or `"prev` before KEY_TAIL. */
const KEY_HEAD_BYTES = 5;

/**
 * The answer with its page URLs on the gateway, or undefined when nothing in it pointed at the zone.
 *
 * Autotask puts pageDetails last, so only the text from its first page URL key on is decoded and searched: a page
 * of 500 entities is tens of kilobytes, and the rest of it is passed on as the same bytes.
 */
export function pageUrlsOnGateway(body: Buffer, zoneUrl: string, gatewayUrl: string): Buffer | undefined {
  const last = body.lastIndexOf(KEY_TAIL);
  if (last < 0) return undefined;
  const before = last >= KEY_TAIL.length ? body.lastIndexOf(KEY_TAIL, last - KEY_TAIL.length) : -1;
  const start = charStartAtOrBefore(body, (before < 0 ? last : before) - KEY_HEAD_BYTES);
  const zone = zoneUrl.toLowerCase();
  let changed = false;
  const tail = body.toString('utf8', start).replace(PAGE_URL, (match, literal: string) => {
    const url = stringIn(literal);
    if (url === undefined || url.slice(0, zone.length).toLowerCase() !== zone) return match;
    changed = true;
    return match.slice(0, match.length - literal.length) + JSON.stringify(gatewayUrl + url.slice(zone.length));
  });
  return changed ? Buffer.concat([body.subarray(0, start), Buffer.from(tail, 'utf8')]) : undefined;
}

/** The nearest UTF-8 character boundary at or before `index`, so the tail decodes as it would in the whole. */
function charStartAtOrBefore(body: Buffer, index: number): number {
  let at = Math.max(0, index);
  while (at > 0 && ((body[at] as number) & 0xc0) === 0x80) at--;
  return at;
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
