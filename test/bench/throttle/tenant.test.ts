import { describe, expect, it } from 'vitest';
import { TenantModel } from './tenant';

const HOUR = 3_600_000;

describe('TenantModel.rejectedBetween', () => {
  it('counts the 429s answered within a stretch, to both sides or to one, from its start up to (not at) its end', () => {
    const tenant = new TenantModel(100, HOUR, 90);
    tenant.request(0, 'others', 100); // the window is full from here on
    tenant.request(1_000, 'others', 30);
    tenant.request(2_000, 'ours');
    tenant.request(3_000, 'ours', 5);
    expect(tenant.rejectedBetween(0, 4_000)).toBe(36);
    expect(tenant.rejectedBetween(1_000, 3_000)).toBe(31);
    expect(tenant.rejectedBetween(2_000, 4_000, 'ours')).toBe(6);
    expect(tenant.rejectedBetween(0, 1_000)).toBe(0);
  });

  it('counts only what was refused, not the part of an answer that was accepted', () => {
    const tenant = new TenantModel(100, HOUR, 90);
    tenant.request(0, 'others', 80);
    expect(tenant.request(1_000, 'others', 50)).toBe(20);
    expect(tenant.rejectedBetween(0, 2_000, 'others')).toBe(30);
  });
});
