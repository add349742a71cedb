import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../electron/core/settings/settings';
import { checkConnectionUpdate } from '../../electron/service/connection-update';

const form = {
  autotaskBaseUrl: 'https://webservices5.autotask.net/ATServicesRest/',
  username: 'api@example.com',
  integrationCode: 'ABC123',
};

describe('a connection change', () => {
  it('keeps the stored secret when the secret field is left blank', () => {
    const checked = checkConnectionUpdate(defaultSettings, { ...form, secret: '' }, true);
    expect(checked).toEqual({ ok: true, value: { settings: { ...defaultSettings, connection: form } } });
  });

  it('carries a new secret beside the settings, never in them', () => {
    const checked = checkConnectionUpdate(defaultSettings, { ...form, secret: 's3cret' }, false);
    expect(checked.ok && checked.value.secret).toBe('s3cret');
    expect(JSON.stringify(checked.ok && checked.value.settings)).not.toContain('s3cret');
  });

  it('names every problem at once, the secret’s among them, without repeating it', () => {
    const checked = checkConnectionUpdate(
      defaultSettings,
      { ...form, integrationCode: '', secret: 'two\nlines' },
      false,
    );
    expect(checked).toEqual({
      ok: false,
      problems: [
        { field: 'connection.integrationCode', message: expect.stringContaining('Integration code is needed') },
        { field: 'connection.secret', message: 'API secret must be on one line.' },
      ],
    });
    expect(JSON.stringify(checked)).not.toContain('two\nlines');
  });

  it('refuses a secret with a character other than plain ASCII, in words that say where, not what', () => {
    const checked = checkConnectionUpdate(defaultSettings, { ...form, secret: 'Top“secret”' }, false);
    expect(checked).toEqual({
      ok: false,
      problems: [
        {
          field: 'connection.secret',
          message:
            'API secret has a character that is not a plain ASCII letter, digit or symbol (character 4): Autotask ' +
            'secrets have none, and a header cannot carry one reliably; copy the secret again from the API user.',
        },
      ],
    });
  });

  it('asks for a secret once a username is set and none is stored', () => {
    expect(checkConnectionUpdate(defaultSettings, form, false)).toMatchObject({
      ok: false,
      problems: [{ field: 'connection.secret' }],
    });
  });

  it('needs no secret for demo mode', () => {
    expect(checkConnectionUpdate(defaultSettings, { ...form, username: '', integrationCode: '' }, false).ok).toBe(true);
  });

  it('refuses what is not a connection change, and keys that are not settings', () => {
    expect(checkConnectionUpdate(defaultSettings, 'api@example.com', true)).toMatchObject({
      ok: false,
      problems: [{ field: '' }],
    });
    expect(checkConnectionUpdate(defaultSettings, { ...form, password: 'x' }, true)).toMatchObject({
      ok: false,
      problems: [{ field: 'connection.password' }],
    });
  });
});
