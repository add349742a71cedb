import type { IncomingHttpHeaders } from 'node:http';
import { isPriority, type Priority } from '../core/throttle/priority';
import { headerText } from './headers';

export const PRIORITY_HEADER = 'x-headroom-priority';

/** The same few answers for every call: none is made per call. */
const asked: Record<Priority, { readonly priority: Priority }> = {
  critical: { priority: 'critical' },
  normal: { priority: 'normal' },
  background: { priority: 'background' },
};

/** The caller's priority, normal when it names none; the words of a 400 when the header holds anything else. */
export function priorityOf(headers: IncomingHttpHeaders): { priority: Priority } | { refusal: string } {
  const value = headerText(headers, PRIORITY_HEADER);
  if (value === undefined) return asked.normal;
  const wanted = value.trim().toLowerCase();
  if (isPriority(wanted)) return asked[wanted];
  return { refusal: `X-Headroom-Priority must be critical, normal or background (got "${value.slice(0, 100)}").` };
}
