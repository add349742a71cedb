import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../support/virtual-clock';
import type { CallRecord } from '../../electron/core/usage/history';
import { GatewayAccounting, type Caller } from '../../electron/gateway/accounting';

const caller = (integrationCode: string): Caller => ({ integrationCode, apiUser: 'u@msp.example', priority: 'normal' });

describe('GatewayAccounting', () => {
  it('hands each outcome to the history hook as the record it takes, stamped by the clock', () => {
    const clock = new VirtualClock();
    const records: CallRecord[] = [];
    const accounting = new GatewayAccounting(clock, (record) => records.push(record));
    accounting.record(caller('RMM'), 'held');
    expect(records).toEqual([
      { integrationCode: 'RMM', apiUser: 'u@msp.example', priority: 'normal', outcome: 'held', at: clock.now() },
    ]);
  });

  it('names a call without an integration code "(none)", keeps odd names as plain keys, and stays bounded', () => {
    const accounting = new GatewayAccounting(new VirtualClock(), undefined);
    accounting.record(caller(''), 'forwarded');
    accounting.record(caller('__proto__'), 'refused');
    for (let n = 0; n < 150; n++) accounting.record(caller(`script-${n}`), 'failed');
    const { byIntegration, failed } = accounting.stats();
    expect(byIntegration['(none)']?.forwarded).toBe(1);
    expect(Object.hasOwn(byIntegration, '__proto__') && byIntegration['__proto__']?.refused).toBe(1);
    expect(Object.keys(byIntegration)).toHaveLength(101);
    expect(byIntegration['(others)']?.failed).toBe(52);
    expect(failed).toBe(150);
  });
});
