import { describe, expect, it } from 'vitest';
import { connectionNews } from '../../../electron/core/notify/connection-news';
import { connectionStatus, connectionTransition } from './transitions';

const at = Date.UTC(2026, 0, 5, 9, 0, 0);

describe('connectionNews', () => {
  it('announces lost contact with how long usage has been unseen and the last error', () => {
    const to = connectionStatus('offline', {
      lastError: 'Could not reach Autotask. Check the network connection.',
      lastSampleAt: at - 6 * 60_000,
    });
    expect(connectionNews(connectionTransition('degraded', to, at))).toEqual({
      key: 'offline',
      bad: true,
      notice: {
        kind: 'connection-lost',
        title: 'Lost contact with Autotask',
        body:
          "Headroom has not been able to read the tenant's API usage for 6 min. Could not reach Autotask. " +
          'Check the network connection. Until it can, it does not assume the tenant is idle: it keeps counting ' +
          'from what it last saw.',
      },
    });
  });

  it('announces lost contact before any reading without claiming one', () => {
    const to = connectionStatus('offline', { lastError: 'Autotask did not answer in time.' });
    expect(connectionNews(connectionTransition('ok', to, at))?.notice?.body).toBe(
      "Headroom cannot read the tenant's API usage. Autotask did not answer in time. Until it can, it cannot " +
        'tell how close the tenant is to its limit.',
    );
  });

  it('announces rejected credentials and where to fix them', () => {
    const to = connectionStatus('auth-failed', {
      lastError: 'Autotask did not accept the API credentials.',
    });
    expect(connectionNews(connectionTransition('ok', to, at))?.notice).toEqual({
      kind: 'credentials-rejected',
      title: 'Autotask rejected the API credentials',
      body:
        "Autotask did not accept the API credentials. Headroom cannot read the tenant's API usage until the API " +
        'username, secret and integration code are corrected in Settings.',
    });
  });

  it('has no news for a few failed polls, and records a recovery without announcing it', () => {
    expect(connectionNews(connectionTransition('ok', 'degraded', at))).toBeUndefined();
    expect(connectionNews(connectionTransition('degraded', 'ok', at))).toBeUndefined();
    expect(connectionNews(connectionTransition('offline', 'ok', at))).toEqual({ key: 'working', bad: false });
    expect(connectionNews(connectionTransition('auth-failed', 'degraded', at))).toEqual({ key: 'working', bad: false });
  });
});
