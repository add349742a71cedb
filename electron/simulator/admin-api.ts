import type { z } from 'zod';
import { AutotaskError } from './errors';
import { configRequest, describeIssues, faultRequest, loadRequest, usageRequest } from './option-schemas';
import type { Tenant } from './tenant';

/** Integration code under which /_sim/usage books requests when the caller names none. */
const otherIntegrationCode = 'OTHER-INTEGRATION';

export const adminPrefix = '/_sim/';

/**
 * The test-facing admin API under /_sim/: JSON in and out, no auth, never counted. Every call answers with the
 * stats as they are afterwards; malformed input is a 400 that says what was wrong.
 */
/** What GET /_sim/stats answers: the settings in force, the window's counts and the counters. */
export type SimulatorStats = ReturnType<AdminApi['stats']>;

export class AdminApi {
  constructor(private readonly tenant: Tenant) {}

  handle(method: string, pathname: string, body: string): object {
    const action = pathname.slice(adminPrefix.length).replace(/\/+$/, '').toLowerCase();
    const { tenant } = this;
    switch (`${method} ${action}`) {
      case 'GET stats':
        break;
      case 'POST load':
        tenant.usage.switchLoad(parsed(loadRequest, body).profile);
        break;
      case 'POST config':
        Object.assign(tenant.settings, parsed(configRequest, body));
        break;
      case 'POST usage': {
        const { count, integrationCode = otherIntegrationCode } = parsed(usageRequest, body);
        tenant.usage.record(integrationCode, count);
        break;
      }
      case 'POST faults':
        tenant.faults.add(parsed(faultRequest, body));
        break;
      case 'DELETE faults':
        tenant.faults.clear();
        break;
      case 'POST reset':
        tenant.reset();
        break;
      default:
        throw unknownAction(method, action);
    }
    return this.stats();
  }

  stats() {
    const { settings, usage, counters, faults } = this.tenant;
    return {
      ...settings,
      windowCount: usage.count(),
      backgroundWindowCount: usage.backgroundCount(),
      byIntegrationCode: usage.countsByIntegrationCode(),
      ...counters,
      load: usage.load,
      faults: faults.list(),
    };
  }
}

const actions: Record<string, string[]> = {
  stats: ['GET'],
  load: ['POST'],
  config: ['POST'],
  usage: ['POST'],
  faults: ['POST', 'DELETE'],
  reset: ['POST'],
};

function unknownAction(method: string, action: string): AutotaskError {
  const allowed = actions[action];
  if (!allowed) {
    const known = Object.keys(actions).map((name) => adminPrefix + name);
    return new AutotaskError(
      404,
      `There is no admin resource ${adminPrefix}${action}; use one of ${known.join(', ')}.`,
    );
  }
  return new AutotaskError(405, `${adminPrefix}${action} takes ${allowed.join(' or ')}, not ${method}.`, {
    Allow: allowed.join(', '),
  });
}

function parsed<T extends z.ZodType>(schema: T, body: string): z.infer<T> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new AutotaskError(400, `The body is not valid JSON: ${(error as Error).message}`);
  }
  const result = schema.safeParse(json);
  if (!result.success) throw new AutotaskError(400, describeIssues(result.error));
  return result.data;
}
