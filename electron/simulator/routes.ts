import { entityNamed, type EntityName } from './entity-schema';

/** The Autotask resources the simulator answers, from a path under /ATServicesRest/V1.0/ in any letter case. */
export type Route =
  | { kind: 'zoneInformation' }
  | { kind: 'thresholdInformation' }
  | { kind: 'query'; entity: EntityName }
  | { kind: 'queryCount'; entity: EntityName }
  | { kind: 'queryPage'; entity: EntityName }
  | { kind: 'item'; entity: EntityName; id: number }
  | { kind: 'collection'; entity: EntityName }
  | { kind: 'ticketNotes'; ticketId: number }
  | { kind: 'ticketNote'; ticketId: number; id: number };

/**
 * The methods each resource takes. Anything else is a 405 naming the method, in Autotask's error shape: the
 * REST API is ASP.NET Web API, which answers an existing route with an unsupported method that way (a GET on an
 * entity's root, for one), rather than with a 404.
 */
export const allowedMethods: Record<Route['kind'], readonly string[]> = {
  zoneInformation: ['GET'],
  thresholdInformation: ['GET'],
  query: ['GET', 'POST'],
  queryCount: ['GET', 'POST'],
  queryPage: ['GET'],
  item: ['GET'],
  collection: ['POST', 'PATCH'],
  ticketNotes: ['GET', 'POST', 'PATCH'],
  ticketNote: ['GET'],
};

const apiPrefix = ['atservicesrest', 'v1.0'];

export function routeOf(pathname: string): Route | undefined {
  const segments = pathname.split('/').filter((segment) => segment !== '');
  const lower = segments.map((segment) => segment.toLowerCase());
  if (lower[0] !== apiPrefix[0] || lower[1] !== apiPrefix[1]) return undefined;
  const [first, second, third, fourth, ...rest] = lower.slice(2);
  if (first === undefined || rest.length > 0) return undefined;
  if (second === undefined && first === 'zoneinformation') return { kind: 'zoneInformation' };
  if (second === undefined && first === 'thresholdinformation') return { kind: 'thresholdInformation' };
  const entity = entityNamed(first);
  if (!entity) return undefined;
  if (second === undefined) return { kind: 'collection', entity };
  if (second === 'query') {
    if (third === undefined) return { kind: 'query', entity };
    if (fourth !== undefined) return undefined;
    if (third === 'count') return { kind: 'queryCount', entity };
    if (third === 'next' || third === 'prev') return { kind: 'queryPage', entity };
    return undefined;
  }
  const id = idOf(second);
  if (id === undefined) return undefined;
  if (third === undefined) return { kind: 'item', entity, id };
  if (entity !== 'Tickets' || third !== 'notes') return undefined;
  if (fourth === undefined) return { kind: 'ticketNotes', ticketId: id };
  const noteId = idOf(fourth);
  return noteId === undefined ? undefined : { kind: 'ticketNote', ticketId: id, id: noteId };
}

/** The endpoint a call occupies a thread of: its entity, with child notes counting as TicketNotes. */
export function endpointOf(route: Exclude<Route, { kind: 'zoneInformation' }>): string {
  if (route.kind === 'thresholdInformation') return 'ThresholdInformation';
  if (route.kind === 'ticketNotes' || route.kind === 'ticketNote') return 'TicketNotes';
  return route.entity;
}

function idOf(segment: string): number | undefined {
  if (!/^\d{1,15}$/.test(segment)) return undefined;
  return Number(segment);
}
