import { describe, expect, it } from 'vitest';
import { cpuList } from './cores';

describe("the overhead bench's reading of taskset's core list", () => {
  it('reads single cores, ranges and a mix of both', () => {
    expect(cpuList("pid 42's current affinity list: 0,1")).toEqual([0, 1]);
    expect(cpuList("pid 42's current affinity list: 0-3\n")).toEqual([0, 1, 2, 3]);
    expect(cpuList("pid 42's current affinity list: 0-2,5,8-9")).toEqual([0, 1, 2, 5, 8, 9]);
  });
});
