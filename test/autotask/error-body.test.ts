import { describe, expect, it } from 'vitest';
import { errorMessagesFrom } from '../../electron/autotask/error-body';

describe('errorMessagesFrom', () => {
  it('reads Autotask error lists of strings and of {message} objects', () => {
    expect(errorMessagesFrom('{"errors":["first","second"]}')).toEqual(['first', 'second']);
    expect(errorMessagesFrom('{"errors":[{"message":"from an object"}, 42, null, "plain"]}')).toEqual([
      'from an object',
      'plain',
    ]);
  });

  it('falls back to a top-level message, then to plain text', () => {
    expect(errorMessagesFrom('{"Message":"An error has occurred."}')).toEqual(['An error has occurred.']);
    expect(errorMessagesFrom('Service Unavailable')).toEqual(['Service Unavailable']);
  });

  it('finds nothing in empty bodies, HTML pages or unrelated JSON, without throwing', () => {
    for (const body of ['', '   ', '<html><body>502 Bad Gateway</body></html>', '[1,2]', 'null', '{"errors":"x"}']) {
      expect(errorMessagesFrom(body), body).toEqual([]);
    }
  });
});
