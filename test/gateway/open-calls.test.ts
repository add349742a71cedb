import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OpenCalls } from '../../electron/gateway/open-calls';

const call = (name: string) => ({ name, listIndex: -1 });
const names = (calls: OpenCalls<ReturnType<typeof call>>) =>
  calls
    .all()
    .map((c) => c.name)
    .sort();

describe('OpenCalls', () => {
  it('holds exactly the calls added and not yet removed, whatever the order they end in', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.array(fc.nat()), (count, endings) => {
        const calls = new OpenCalls<ReturnType<typeof call>>();
        const open = Array.from({ length: count }, (_, i) => call(`c${i}`));
        for (const c of open) calls.add(c);
        const ended = new Set<string>();
        for (const pick of endings) {
          const c = open[pick % count] as ReturnType<typeof call>;
          calls.remove(c);
          ended.add(c.name);
        }
        expect(names(calls)).toEqual(
          open
            .filter((c) => !ended.has(c.name))
            .map((c) => c.name)
            .sort(),
        );
      }),
    );
  });

  it('ignores removing a call twice, or one never added, without dropping another', () => {
    const calls = new OpenCalls<ReturnType<typeof call>>();
    const [a, b, c] = [call('a'), call('b'), call('c')];
    calls.add(a);
    calls.add(b);
    calls.remove(a);
    calls.remove(a);
    calls.remove(c);
    expect(names(calls)).toEqual(['b']);
  });

  it('gives a copy, so calls can end while shutdown walks through them', () => {
    const calls = new OpenCalls<ReturnType<typeof call>>();
    for (const name of ['a', 'b', 'c']) calls.add(call(name));
    const walked: string[] = [];
    for (const c of calls.all()) {
      calls.remove(c);
      walked.push(c.name);
    }
    expect(walked.sort()).toEqual(['a', 'b', 'c']);
    expect(calls.all()).toEqual([]);
  });
});
