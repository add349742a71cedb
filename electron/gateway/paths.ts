/**
 * Where a request to the gateway goes. Autotask paths are case-insensitive, so only letter case is normalised for
 * the decisions; the path is forwarded exactly as the caller wrote it.
 */
export type Target =
  | { kind: 'zoneInformation'; rest: string }
  | {
      kind: 'api';
      /** Everything after /ATServicesRest/, query included, as sent: appended to the zone's root. */
      rest: string;
      /** What Autotask's thread limit counts the call under (lower case), e.g. "tickets" or "ticketnotes". */
      endpoint: string;
      /** An answer here can carry nextPageUrl/prevPageUrl (a query, or a child collection such as Tickets/1/Notes). */
      pageable: boolean;
    }
  | { kind: 'elsewhere'; path: string };

const ROOT = '/atservicesrest/';
const VERSION = 'v1.0';
/** "." and ".." segments, plain or percent-encoded: nothing outside the REST API is reachable through the gateway. */
const DOT_SEGMENT = /(?:^|\/)(?:\.|%2e){1,2}(?:\/|$)/i;
const ID = /^\d+$/;

export function targetOf(requestTarget: string): Target {
  const queryAt = requestTarget.indexOf('?');
  const path = queryAt === -1 ? requestTarget : requestTarget.slice(0, queryAt);
  const lower = path.toLowerCase();
  if (!lower.startsWith(ROOT) || (mayHoldDotSegment(lower) && DOT_SEGMENT.test(lower))) {
    return { kind: 'elsewhere', path };
  }
  const rest = requestTarget.slice(ROOT.length);
  const segments = lower.slice(ROOT.length).split('/');
  const version = segments[0];
  const first = segments[1];
  const second = segments[2];
  const third = segments[3];
  if (version !== VERSION || !first) return { kind: 'elsewhere', path };
  if (first === 'zoneinformation' && segments.length === 2) return { kind: 'zoneInformation', rest };
  const isChild = second !== undefined && ID.test(second) && third !== undefined && third !== '' && !ID.test(third);
  return {
    kind: 'api',
    rest,
    endpoint: isChild ? singular(first) + third : first,
    pageable: isChild || segments.includes('query'),
  };
}

/** Cheaper than the pattern, and false for nearly every path: a dot segment starts with "/." or "/%2e". */
function mayHoldDotSegment(lowerPath: string): boolean {
  return lowerPath.includes('/.') || lowerPath.includes('/%2e');
}

/**
 * Autotask names a child collection's entity after its parent: Tickets/{id}/Notes is TicketNotes, Companies/{id}/Notes
 * is CompanyNotes. The simulator's thread limit counts Tickets/{id}/Notes as TicketNotes, as this does.
 */
function singular(entity: string): string {
  if (entity.endsWith('ies')) return `${entity.slice(0, -3)}y`;
  return entity.endsWith('s') ? entity.slice(0, -1) : entity;
}
