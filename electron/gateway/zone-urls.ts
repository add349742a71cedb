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
 * What points a query answer's page URLs on `zoneUrl` at `gatewayUrl`: given the answer, it gives back the answer
 * in pieces to send one after the other, or undefined when nothing in it pointed at the zone.
 *
 * Autotask puts pageDetails last, so only the text from its first page URL key on is looked at: a page of 500
 * entities is tens of kilobytes, and the rest of it is passed on as the same bytes, not even copied.
 */
export function pageUrlRewriter(zoneUrl: string, gatewayUrl: string): (body: Buffer) => Buffer[] | undefined {
  const urls: PlainUrls = {
    zone: Buffer.from(zoneUrl.toLowerCase(), 'latin1'),
    onGateway: Buffer.from(gatewayUrl, 'utf8'),
  };
  return (body) => {
    const last = body.lastIndexOf(KEY_TAIL);
    if (last < 0) return undefined;
    const before = last >= KEY_TAIL.length ? body.lastIndexOf(KEY_TAIL, last - KEY_TAIL.length) : -1;
    const plain = plainPageUrlsOnGateway(body, before < 0 ? [last] : [before, last], urls);
    if (plain !== 'escaped') return plain;
    return escapedPageUrlsOnGateway(body, before < 0 ? last : before, zoneUrl, gatewayUrl);
  };
}

/** The general case: the text from the first key on, decoded, each URL read as JSON and written anew. */
function escapedPageUrlsOnGateway(
  body: Buffer,
  firstKey: number,
  zoneUrl: string,
  gatewayUrl: string,
): Buffer[] | undefined {
  const start = charStartAtOrBefore(body, firstKey - KEY_HEAD_BYTES);
  const zone = zoneUrl.toLowerCase();
  let changed = false;
  const tail = body.toString('utf8', start).replace(PAGE_URL, (match, literal: string) => {
    const url = stringIn(literal);
    if (url === undefined || url.slice(0, zone.length).toLowerCase() !== zone) return match;
    changed = true;
    return match.slice(0, match.length - literal.length) + JSON.stringify(gatewayUrl + url.slice(zone.length));
  });
  return changed ? [body.subarray(0, start), Buffer.from(tail, 'utf8')] : undefined;
}

interface PlainUrls {
  /** The zone's URL in lower case. */
  zone: Buffer;
  onGateway: Buffer;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

/**
 * The usual case, byte by byte with no text decoded: page URLs written without escapes (Autotask writes "/" as
 * it is). 'escaped' when a value has an escape in it, for the general path to decode.
 */
function plainPageUrlsOnGateway(
  body: Buffer,
  keys: readonly number[],
  { zone, onGateway }: PlainUrls,
): Buffer[] | 'escaped' | undefined {
  const cuts: number[] = [];
  for (const key of keys) {
    if (!isPageUrlKey(body, key)) continue;
    let at = skipSpace(body, key + KEY_TAIL.length);
    if (body[at] !== COLON) continue;
    at = skipSpace(body, at + 1);
    if (body[at] !== QUOTE) continue;
    const valueStart = at + 1;
    const valueEnd = body.indexOf(QUOTE, valueStart);
    if (valueEnd < 0) continue;
    if (body.subarray(valueStart, valueEnd).includes(BACKSLASH)) return 'escaped';
    if (valueEnd - valueStart >= zone.length && startsWithIgnoringCase(body, valueStart, zone)) {
      cuts.push(valueStart, valueStart + zone.length);
    }
  }
  if (cuts.length === 0) return undefined;
  const pieces: Buffer[] = [];
  let from = 0;
  for (let i = 0; i < cuts.length; i += 2) {
    pieces.push(body.subarray(from, cuts[i]), onGateway);
    from = cuts[i + 1] as number;
  }
  pieces.push(body.subarray(from));
  return pieces;
}

/** `"next` or `"prev` (first letter in either case), then PageUrl", at `tail`: a key, not data. */
function isPageUrlKey(body: Buffer, tail: number): boolean {
  const head = tail - KEY_HEAD_BYTES;
  if (head < 0 || body[head] !== QUOTE) return false;
  const word = body.toString('latin1', head + 1, tail);
  return word === 'next' || word === 'prev' || word === 'Next' || word === 'Prev';
}

function skipSpace(body: Buffer, at: number): number {
  while (at < body.length && (body[at] === 0x20 || body[at] === 0x0a || body[at] === 0x0d || body[at] === 0x09)) at++;
  return at;
}

/** Whether `body` at `at` starts with `lower` (lower-case ASCII), in any letter case. */
function startsWithIgnoringCase(body: Buffer, at: number, lower: Buffer): boolean {
  for (let i = 0; i < lower.length; i++) {
    const byte = body[at + i] as number;
    const folded = byte >= 0x41 && byte <= 0x5a ? byte + 0x20 : byte;
    if (folded !== lower[i]) return false;
  }
  return true;
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
export function zoneOnGateway(body: Buffer, zoneUrl: string, gatewayUrl: string): Buffer[] | undefined {
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
  return [Buffer.from(JSON.stringify({ ...answer, url: gatewayUrl }), 'utf8')];
}
