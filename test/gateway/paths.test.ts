import { describe, expect, it } from 'vitest';
import { targetOf } from '../../electron/gateway/paths';

describe('targetOf', () => {
  it('finds the entity a call counts under for the thread limit, in any letter case', () => {
    const endpoint = (path: string) => {
      const target = targetOf(path);
      return target.kind === 'api' ? target.endpoint : target.kind;
    };
    expect(endpoint('/ATServicesRest/V1.0/Tickets/query?search=x')).toBe('tickets');
    expect(endpoint('/atservicesrest/v1.0/TICKETS/12')).toBe('tickets');
    expect(endpoint('/ATServicesRest/V1.0/Tickets/12/Notes')).toBe('ticketnotes');
    expect(endpoint('/ATServicesRest/V1.0/Tickets/12/Notes/7')).toBe('ticketnotes');
    expect(endpoint('/ATServicesRest/V1.0/TicketNotes/query')).toBe('ticketnotes');
    expect(endpoint('/ATServicesRest/V1.0/Companies/4/Notes')).toBe('companynotes');
    expect(endpoint('/ATServicesRest/V1.0/ThresholdInformation')).toBe('thresholdinformation');
    expect(endpoint('/ATServicesRest/V1.0/zoneInformation?user=a')).toBe('zoneInformation');
  });

  it('keeps the path and query as the caller wrote them', () => {
    expect(targetOf('/atservicesrest/V1.0/Tickets/query/next?paging=%7B%7D&A=b')).toMatchObject({
      rest: 'V1.0/Tickets/query/next?paging=%7B%7D&A=b',
    });
  });

  it('marks queries and child collections as answers that may carry page URLs', () => {
    const pageable = (path: string) => {
      const target = targetOf(path);
      return target.kind === 'api' && target.pageable;
    };
    expect(pageable('/ATServicesRest/V1.0/Tickets/query')).toBe(true);
    expect(pageable('/ATServicesRest/V1.0/Contacts/QUERY/next?paging=1')).toBe(true);
    expect(pageable('/ATServicesRest/V1.0/Tickets/12/Notes')).toBe(true);
    expect(pageable('/ATServicesRest/V1.0/Tickets/12')).toBe(false);
    expect(pageable('/ATServicesRest/V1.0/Tickets')).toBe(false);
  });

  it('refuses anything outside the REST API, dot segments included', () => {
    for (const path of [
      '/',
      '/_sim/stats',
      '/ATServicesRest',
      '/ATServicesRest/',
      '/ATServicesRest/V1.0/',
      '/ATServicesRest/V2.0/Tickets',
      '/ATServicesRest/swagger/ui/index',
      '/ATServicesRest/V1.0/../../_sim/stats',
      '/ATServicesRest/V1.0/Tickets/%2e%2E/x',
      'http://evil.example/ATServicesRest/V1.0/Tickets',
    ]) {
      expect(targetOf(path).kind, path).toBe('elsewhere');
    }
  });
});
