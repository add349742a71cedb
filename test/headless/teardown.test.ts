import { describe, expect, it } from 'vitest';
import { Teardown } from '../../electron/headless/teardown';

describe('Teardown', () => {
  it('stops the parts the other way round, each once, however often it is asked', async () => {
    const stopped: string[] = [];
    const teardown = new Teardown();
    for (const part of ['tenant', 'service', 'server']) teardown.add(() => stopped.push(part));
    await Promise.all([teardown.run(), teardown.run()]);
    await teardown.run();
    expect(stopped).toEqual(['server', 'service', 'tenant']);
  });

  it('stops every part though one fails, then throws the first failure', async () => {
    const stopped: string[] = [];
    const teardown = new Teardown();
    teardown.add(() => stopped.push('token file removed'));
    teardown.add(() => Promise.reject(new Error('gateway would not close')));
    teardown.add(() => {
      throw new Error('UI would not close');
    });
    await expect(teardown.run()).rejects.toThrow('UI would not close');
    expect(stopped).toEqual(['token file removed']);
  });
});
