import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pageUrlRewriter, zoneOnGateway } from '../../electron/gateway/zone-urls';

const zone = 'https://webservices5.autotask.net/ATServicesRest/';
const gateway = 'http://127.0.0.1:4866/ATServicesRest/';

function rewritten(json: string): string | undefined {
  const pieces = pageUrlRewriter(zone, gateway)(Buffer.from(json));
  return pieces && Buffer.concat(pieces).toString();
}

/** The rewritten page read back, to compare with what it should say. */
const rewrittenPage = (json: string): unknown => JSON.parse(rewritten(json) ?? 'null');

describe('pageUrlRewriter', () => {
  it('points next and previous page URLs on the zone at the gateway, whatever the letter case of the zone', () => {
    const page =
      '{"items":[{"id":1}],"pageDetails":{"count":1,"requestCount":500,' +
      '"prevPageUrl":"https://WebServices5.autotask.net/atservicesrest/v1.0/Tickets/query/prev?paging=%7B%7D",' +
      '"nextPageUrl": "https://webservices5.autotask.net/ATServicesRest/V1.0/Tickets/query/next?paging=%7B%22a%22%7D&search=x"}}';
    expect(rewrittenPage(page)).toEqual({
      items: [{ id: 1 }],
      pageDetails: {
        count: 1,
        requestCount: 500,
        prevPageUrl: 'http://127.0.0.1:4866/ATServicesRest/v1.0/Tickets/query/prev?paging=%7B%7D',
        nextPageUrl: 'http://127.0.0.1:4866/ATServicesRest/V1.0/Tickets/query/next?paging=%7B%22a%22%7D&search=x',
      },
    });
  });

  it('reads escaped URLs and leaves everything else as it was, data that mentions page URLs included', () => {
    const page =
      '{"items":[{"description":"see \\"nextPageUrl\\":\\"https://webservices5.autotask.net/ATServicesRest/x\\"","n":1.10}],' +
      '"pageDetails":{"nextPageUrl":"https:\\/\\/webservices5.autotask.net\\/ATServicesRest\\/V1.0\\/Tickets\\/query\\/next"}}';
    expect(rewrittenPage(page)).toEqual({
      items: [{ description: 'see "nextPageUrl":"https://webservices5.autotask.net/ATServicesRest/x"', n: 1.1 }],
      pageDetails: { nextPageUrl: 'http://127.0.0.1:4866/ATServicesRest/V1.0/Tickets/query/next' },
    });
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

describe('pageUrlRewriter on any page', () => {
  /** A zone URL as Autotask might write it: any letter case, "/" escaped or not. */
  const urlOn = (host: string) =>
    fc
      .tuple(fc.constantFrom('V1.0/Tickets/query/next?paging=', 'v1.0/Contacts/query/prev?x='), fc.webSegment())
      .chain(([path, paging]) =>
        fc.record({
          url: fc.constant(`${host}${path}${paging}`),
          cased: fc.boolean(),
          escapedSlashes: fc.boolean(),
        }),
      );
  const pageUrl: fc.Arbitrary<PageUrl> = fc.oneof(
    fc.constant(null),
    urlOn(zone),
    urlOn('https://webservices2.autotask.net/ATServicesRest/'),
  );
  type PageUrl = { url: string; cased: boolean; escapedSlashes: boolean } | null;
  const written = (value: Exclude<PageUrl, null>) =>
    value.cased ? value.url.replace(/webservices\d|atservicesrest/gi, (word: string) => word.toUpperCase()) : value.url;
  const literal = (value: PageUrl) => {
    if (value === null) return 'null';
    const json = JSON.stringify(written(value));
    return value.escapedSlashes ? json.replaceAll('/', '\\/') : json;
  };
  const page = fc.record({
    items: fc.array(fc.record({ id: fc.nat(), title: fc.string(), note: fc.constantFrom('"nextPageUrl":"x"', 'ok') })),
    next: pageUrl,
    prev: pageUrl,
    space: fc.constantFrom('', ' ', '\n  '),
  });

  it('points exactly the page URLs on the zone at the gateway and keeps everything else', () => {
    fc.assert(
      fc.property(page, ({ items, next, prev, space }) => {
        const head = `{"items":${JSON.stringify(items)},"pageDetails":{"count":${items.length},`;
        const text = `${head}"prevPageUrl"${space}:${space}${literal(prev)},"nextPageUrl":${space}${literal(next)}}}`;
        const out = rewritten(text);
        const onZone = (value: PageUrl) => value !== null && value.url.startsWith(zone);
        const moved = (value: PageUrl) =>
          value === null ? null : onZone(value) ? gateway + value.url.slice(zone.length) : written(value);
        if (!onZone(next) && !onZone(prev)) return out === undefined;
        const parsed = JSON.parse(out ?? '') as { items: unknown; pageDetails: Record<string, unknown> };
        expect(parsed.items).toEqual(items);
        expect(parsed.pageDetails).toEqual({ count: items.length, prevPageUrl: moved(prev), nextPageUrl: moved(next) });
        expect(out?.startsWith(head)).toBe(true);
        return true;
      }),
      { numRuns: 300 },
    );
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
    const pieces = zoneOnGateway(Buffer.from(JSON.stringify(answer)), zone, gateway) ?? [];
    expect(JSON.parse(Buffer.concat(pieces).toString())).toEqual({
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
