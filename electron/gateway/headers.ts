import type { IncomingHttpHeaders } from 'node:http';
import type { GateFigures } from '../core/throttle/gate';
import type { GatewayThrottle } from './options';

/**
 * Headers that describe one connection, not the message (RFC 9110 7.6.1): never passed on. Transfer-Encoding is
 * kept on requests so a chunked body stays chunked whatever the method; on responses Node frames the body anew.
 */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te'];
const requestHopByHop = new Set([...HOP_BY_HOP, 'trailer', 'upgrade', 'host', 'expect']);
const responseHopByHop = new Set([...HOP_BY_HOP, 'trailer', 'upgrade', 'transfer-encoding']);

export interface UpstreamHeaderOptions {
  /** The zone's host, for the Host header. */
  host: string;
  /** Ask for an uncompressed answer (one whose page URLs the gateway may have to rewrite). */
  identity: boolean;
}

/** The caller's own headers for Autotask, in its order and spelling, minus hop-by-hop ones and Headroom's own. */
export function upstreamHeaders(raw: readonly string[], options: UpstreamHeaderOptions): string[] {
  const listed = connectionOptions(raw);
  const headers = ['Host', options.host];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    const lower = name.toLowerCase();
    if (requestHopByHop.has(lower) || lower.startsWith('x-headroom-') || listed?.has(lower)) continue;
    if (options.identity && lower === 'accept-encoding') continue;
    headers.push(name, raw[i + 1] as string);
  }
  return headers;
}

/** Autotask's response headers as they came, minus hop-by-hop ones (and any named in `drop`), plus `extra`. */
export function relayedHeaders(raw: readonly string[], extra: readonly string[], drop?: ReadonlySet<string>): string[] {
  const listed = connectionOptions(raw);
  const headers: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    const lower = name.toLowerCase();
    if (responseHopByHop.has(lower) || listed?.has(lower) || drop?.has(lower)) continue;
    headers.push(name, raw[i + 1] as string);
  }
  headers.push(...extra);
  return headers;
}

const CONNECTION = 'connection';

/** Header names a Connection header lists are hop-by-hop too. */
function connectionOptions(raw: readonly string[]): Set<string> | undefined {
  let listed: Set<string> | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    // Looked at on every call: the length rules out nearly every header without lower-casing it.
    if (name.length !== CONNECTION.length || name.toLowerCase() !== CONNECTION) continue;
    const value = raw[i + 1] as string;
    // What nearly every client sends names no header to drop: keep-alive is one already, close is none.
    if (/^\s*(?:keep-alive|close)\s*$/i.test(value)) continue;
    for (const token of value.split(',')) (listed ??= new Set()).add(token.trim().toLowerCase());
  }
  return listed;
}

/**
 * What X-Headroom-State says: the throttle's mode, or "unknown" while the usage is (when the counter cannot be
 * read, non-critical calls wait for a reading whatever the mode), unless asleep, which holds them regardless.
 */
export function stateOf({ mode, wokenByUser = false, used }: GateFigures & { wokenByUser?: boolean }): string {
  if (used === undefined && (mode !== 'asleep' || wokenByUser)) return 'unknown';
  return mode;
}

/**
 * X-Headroom-State (normal, slowed, asleep or unknown; ";woken" after Wake Up) and X-Headroom-Usage ("used/limit",
 * or "unknown": an unknown count is never shown as 0, nor a stale one as now), on every answer.
 */
export function headroomHeaders(throttle: GatewayThrottle): string[] {
  const figures = throttle.figures();
  const { wokenByUser, used, limit } = figures;
  return [
    'X-Headroom-State',
    wokenByUser ? `${stateOf(figures)};woken` : stateOf(figures),
    'X-Headroom-Usage',
    used !== undefined && limit !== undefined ? `${used}/${limit}` : 'unknown',
  ];
}

/** One request header as text; a repeated one is read as Node joins it, comma-separated. */
export function headerText(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Integration codes and API usernames become keys of the counts, the history, the snapshot and /metrics, and any
 * program on this machine can send any value without knowing a secret: an 8 KB code would be kept a hundred times
 * over. Autotask's codes are a few dozen characters and its API usernames e-mail addresses, so this is room to spare.
 */
export const MAX_CALLER_NAME_LENGTH = 128;

/**
 * A caller's name from its header, as it is counted and logged: a longer one under its start, marked with "…". The
 * call itself goes on with the header as it came: whether the name is valid is Autotask's to say, and a call
 * counted under a shortened name is still counted.
 */
export function callerName(headers: IncomingHttpHeaders, name: string): string {
  const value = headerText(headers, name) ?? '';
  return value.length <= MAX_CALLER_NAME_LENGTH ? value : `${value.slice(0, MAX_CALLER_NAME_LENGTH - 1)}…`;
}
