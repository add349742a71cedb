import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MemorySecretStore } from '../../electron/service/secret-store';

describe('the headless host’s secret store', () => {
  it('keeps nothing until given a secret, then keeps it in memory', () => {
    const store = new MemorySecretStore();
    expect([store.get(), store.keeping]).toEqual([undefined, 'none']);
    store.set('s3cret');
    expect([store.get(), store.keeping]).toEqual(['s3cret', 'memory']);
    store.clear();
    expect([store.get(), store.keeping]).toEqual([undefined, 'none']);
  });

  it('reads HEADROOM_SECRET, and takes an empty one as none', () => {
    expect(MemorySecretStore.fromEnvironment({ HEADROOM_SECRET: 's3cret' }).get()).toBe('s3cret');
    expect(MemorySecretStore.fromEnvironment({ HEADROOM_SECRET: '' }).keeping).toBe('none');
    expect(MemorySecretStore.fromEnvironment({}).keeping).toBe('none');
  });

  it('does not show the secret when printed or serialised', () => {
    const store = new MemorySecretStore('s3cret');
    expect(inspect(store, { showHidden: true, depth: 5 })).not.toContain('s3cret');
    expect(JSON.stringify(store)).not.toContain('s3cret');
  });
});
