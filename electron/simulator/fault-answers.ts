import type { Exchange } from './exchange';
import type { PendingFault } from './faults';

/**
 * What a request hit by an injected fault gets. Faults stand for trouble in front of Autotask (a proxy, the
 * network, an overloaded front end), so except for "slow", which then lets the call through, they answer before
 * the API sees the call: it is not counted and takes no thread.
 *
 * Returns true when the request should go on to the API.
 */
export async function answerFault(
  fault: PendingFault,
  exchange: Exchange,
  wait: (ms: number) => Promise<void>,
): Promise<boolean> {
  switch (fault.kind) {
    case 'slow':
      await wait(fault.delayMs ?? 1000);
      return true;
    case 'timeout':
      // Never answered: the socket stays open until the client gives up or the simulator closes.
      return false;
    case 'reset':
      exchange.reset();
      return false;
    case 'server-error':
      exchange.json(fault.status ?? 500, { errors: ['Simulated server error: the Autotask API is unavailable.'] });
      return false;
    case 'malformed-json':
      exchange.text(200, '{"items":[{"id":1,"title":"truncated');
      return false;
    case 'unauthorized':
      exchange.json(401, { errors: ['Simulated 401: the API user is not authorized.'] });
      return false;
    case 'rate-limit':
      exchange.json(
        429,
        { errors: ['Simulated rate limit: the API request threshold has been exceeded.'] },
        fault.retryAfter === undefined ? {} : { 'Retry-After': fault.retryAfter },
      );
      return false;
  }
}
