/**
 * A connection change from the popover, checked as a whole: the settings part by the settings' own rules, the
 * secret by its own, and every problem named at once. The secret never goes near the settings document.
 */
import { secretCharacterProblem } from '../autotask';
import type { ConnectionUpdate, Refused } from '../contract';
import type { SettingsProblem } from '../core/settings/problems';
import { isDemoMode, type Settings } from '../core/settings/settings';
import { applySettingsChange, isRecord } from '../core/settings/validate';

export interface ConnectionChange {
  settings: Settings;
  /** A new secret to store; absent: keep the one stored. */
  secret?: string;
}

const SECRET_FIELD = 'connection.secret';
/** Far above any secret Autotask generates, far below anything that would strain a header. */
const MAX_SECRET_LENGTH = 1024;

/**
 * `update` comes across a process boundary, so anything is accepted here and refused in words if it is not a
 * connection change. An empty secret means "keep the stored one": a form left blank must not erase it.
 */
export function checkConnectionUpdate(
  current: Settings,
  update: ConnectionUpdate | unknown,
  secretStored: boolean,
): { ok: true; value: ConnectionChange } | Refused {
  if (!isRecord(update)) {
    return { ok: false, problems: [{ field: '', message: 'A connection change must be a group of settings.' }] };
  }
  const { secret, ...connection } = update;
  const secretProblem = problemWithSecret(secret);
  const checked = applySettingsChange(current, { connection });
  const problems = [...(checked.ok ? [] : checked.problems), ...(secretProblem ? [secretProblem] : [])];
  const newSecret = typeof secret === 'string' && secret !== '' ? secret : undefined;
  if (checked.ok && !isDemoMode(checked.value.connection) && newSecret === undefined && !secretStored) {
    problems.push({
      field: SECRET_FIELD,
      message: 'API secret is needed once an API username is set: copy it from the API user in Autotask.',
    });
  }
  if (!checked.ok || problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { settings: checked.value, ...(newSecret === undefined ? {} : { secret: newSecret }) } };
}

/** Never repeats the value: it is a secret, or something pasted where a secret should be. */
function problemWithSecret(secret: unknown): SettingsProblem | undefined {
  if (secret === undefined) return undefined;
  if (typeof secret !== 'string') return { field: SECRET_FIELD, message: 'API secret must be text.' };
  if (secret.length > MAX_SECRET_LENGTH) {
    return { field: SECRET_FIELD, message: `API secret must be at most ${MAX_SECRET_LENGTH} characters.` };
  }
  // It travels as a header value, where a line break would end the header.
  if (/[\r\n\0]/.test(secret)) return { field: SECRET_FIELD, message: 'API secret must be on one line.' };
  const problem = secretCharacterProblem(secret);
  return problem ? { field: SECRET_FIELD, message: `${problem}.` } : undefined;
}
