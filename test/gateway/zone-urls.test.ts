import { describe, expect, it } from 'vitest';
import { pageUrlsOnGateway, zoneOnGateway } from '../../electron/gateway/zone-urls';

const zone = 'https://webservices5.autotask.net/ATServicesRest/';
const gateway = 'http://127.0.0.1:4866/ATServicesRest/';

function rewritten(json: string): string | undefined {
  return pageUrlsOnGateway(Buffer.from(json), zone, gateway)?.toString();
}

describe('pageUrlsOnGateway', () => {
  it('points next and previous page URLs on the zone at the gateway, whatever the letter case of the zone', () => {
    const page =
      '{"items":[{"id":1}],"pageDetails":{"count":1,"requestCount":500,' +
      '"prevPageUrl":"https://WebServices5.autotask.net/atservicesrest/v1.0/Tickets/query/prev?paging=%7B%7D",' +
      '"nextPageUrl": "https://webservices5.autotask.net/ATServicesRest/V1.0/Tickets/query/next?paging=%7B%22a%22%7D&search=x"}}';
    expect(rewritten(page)).toBe(
      '{"items":[{"id":1}],"pageDetails":{"count":1,"requestCount":500,' +
        '"prevPageUrl":"http://127.0.0.1:4866/ATServicesRest/v1.0/Tickets/query/prev?paging=%7B%7D",' +
        '"nextPageUrl": "http://127.0.0.1:4866/ATServicesRest/V1.0/Tickets/query/next?paging=%7B%22a%22%7D&search=x"}}',
    );
  });

  it('reads escaped URLs and leaves everything else byte for byte, data that mentions page URLs included', () => {
    const page =
      '{"items":[{"description":"see \\"nextPageUrl\\":\\"https://webservices5.autotask.net/ATServicesRest/x\\"","n":1.10}],' +
      '"pageDetails":{"nextPageUrl":"https:\\/\\/webservices5.autotask.net\\/ATServicesRest\\/V1.0\\/Tickets\\/query\\/next"}}';
    expect(rewritten(page)).toBe(
      '{"items":[{"description":"see \\"nextPageUrl\\":\\"https://webservices5.autotask.net/ATServicesRest/x\\"","n":1.10}],' +
        '"pageDetails":{"nextPageUrl":"http://127.0.0.1:4866/ATServicesRest/V1.0/Tickets/query/next"}}',
    );
  });

  it('changes nothing when there is nothing on the zone to change', () => {
    expect(rewritten('{"items":[],"pageDetails":{"prevPageUrl":null,"nextPageUrl":null}}')).toBeUndefined();
    expect(
      rewritten('{"pageDetails":{"nextPageUrl":"https://elsewhere.example/ATServicesRest/V1.0/x"}}'),
    ).toBeUndefined();
    expect(rewritten('{"item":{"id":1}}')).toBeUndefined();
    expect(rewritten('not json "nextPageUrl":"\\x"')).toBeUndefined();
  });
});

describe('zoneOnGateway', () => {
  it('gives the gateway as the zone, keeping the other fields', () => {
    const answer = {
      zoneName: 'America East 5',
      url: 'https://webservices5.autotask.net/atservicesrest',
      webUrl: 'https://ww5.autotask.net/',
      ci: 5,
    };
    expect(JSON.parse(zoneOnGateway(Buffer.from(JSON.stringify(answer)), zone, gateway)?.toString() ?? '')).toEqual({
      ...answer,
      url: gateway,
    });
  });

  it('leaves the answer alone for another zone or one it cannot read', () => {
    expect(
      zoneOnGateway(Buffer.from('{"url":"https://webservices2.autotask.net/ATServicesRest/"}'), zone, gateway),
    ).toBeUndefined();
    expect(
      zoneOnGateway(Buffer.from('{"errors":["Zone information could not be determined"]}'), zone, gateway),
    ).toBeUndefined();
    expect(zoneOnGateway(Buffer.from('<html>'), zone, gateway)).toBeUndefined();
  });
});
