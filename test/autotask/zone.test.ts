import { describe, expect, it } from 'vitest';
import { AutotaskError } from '../../electron/autotask/errors';
import { asZoneLookupError, readZoneUrl, zoneInformationUrl } from '../../electron/autotask/zone';

describe('zone lookup', () => {
  it('asks the base URL about the user, encoded', () => {
    expect(zoneInformationUrl('https://webservices.autotask.net/ATServicesRest', 'a+b@x.example').href).toBe(
      'https://webservices.autotask.net/ATServicesRest/V1.0/zoneInformation?user=a%2Bb%40x.example',
    );
  });

  it('reads the zone URL as a root that paths are appended to', () => {
    const answer = { zoneName: 'America East', url: 'https://webservices5.autotask.net/atservicesrest', ci: 5 };
    expect(readZoneUrl(answer)).toBe('https://webservices5.autotask.net/atservicesrest/');
  });

  it('refuses an answer without a usable URL', () => {
    for (const answer of [{}, { url: 'not a url' }, { url: 'ftp://zone.example/' }, null]) {
      expect(() => readZoneUrl(answer), JSON.stringify(answer)).toThrow(
        expect.objectContaining({ kind: 'malformed-response' }),
      );
    }
  });

  it('reports both answers Autotask gives for an unknown user as an unknown API user, by name', () => {
    for (const [status, kind] of [
      [500, 'unknown-user'],
      [404, 'not-found'],
    ] as const) {
      const error = asZoneLookupError(new AutotaskError(kind, 'lookup failed', { status }), 'nobody@x.example');
      expect(error).toMatchObject({ kind: 'unknown-user', status });
      expect((error as AutotaskError).userMessage).toContain('"nobody@x.example"');
    }
    const outage = new AutotaskError('network', 'down');
    expect(asZoneLookupError(outage, 'nobody@x.example')).toBe(outage);
  });
});
