import { describe, expect, it } from 'vitest';
import { authHeaders, checkCredentials, type Credentials } from '../../electron/autotask/credentials';

const valid: Credentials = { username: 'api@tenant.example', secret: 'Top$ecret-991', integrationCode: 'CODE123' };

describe('authHeaders', () => {
  it('sends the three Autotask headers, and impersonation only when asked for', () => {
    expect(authHeaders(valid)).toEqual({
      ApiIntegrationCode: 'CODE123',
      UserName: 'api@tenant.example',
      Secret: 'Top$ecret-991',
    });
    expect(authHeaders({ ...valid, impersonationResourceId: 29682885 })).toMatchObject({
      ImpersonationResourceId: '29682885',
    });
  });
});

describe('checkCredentials', () => {
  it('accepts complete credentials and trims stray spaces around the username', () => {
    expect(checkCredentials({ ...valid, username: ' api@tenant.example ' })).toEqual(valid);
  });

  it('names every field that is wrong, and never the secret', () => {
    const attempt = () =>
      checkCredentials({ username: '', secret: 'Top$ecret-991', integrationCode: ' ', impersonationResourceId: -1 });
    expect(attempt).toThrow(/API username is empty.*integration code is empty.*impersonation resource id/);
    expect(() => checkCredentials({ ...valid, secret: '' })).toThrow(/the API secret is empty/);
    expect(() => checkCredentials({ ...valid, secret: 42 as unknown as string })).toThrow(/API secret must be text/);
    try {
      checkCredentials({ ...valid, username: '' });
    } catch (error) {
      expect(error).toMatchObject({ kind: 'invalid-request' });
      expect(JSON.stringify(error) + String(error)).not.toContain('Top$ecret-991');
    }
    expect.assertions(5);
  });
});
