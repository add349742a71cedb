import { joinPath, type SettingsProblem } from './problems';

/** Any key that could hold a credential: the secret belongs in the OS keychain, never in the settings file. */
const secretKeyPattern = /secret|password/i;

/** Deep enough for any real settings document; stops a hostile or cyclic input from running away. */
const maxDepth = 16;

export const secretKeyMessage =
  'The API secret is not kept in the settings: Headroom stores it in the system keychain. ' +
  "Enter it in the connection settings' Secret field instead.";

/** Finds every secret-like key, at any depth, and says where secrets go. Values are never read or repeated. */
export function secretKeyProblems(input: unknown): SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  const visit = (value: unknown, path: string, depth: number, seen: Set<object>) => {
    if (typeof value !== 'object' || value === null || depth > maxDepth || seen.has(value)) return;
    seen.add(value);
    for (const [key, child] of Object.entries(value)) {
      const childPath = joinPath(path, key);
      if (secretKeyPattern.test(key)) problems.push({ field: childPath, message: secretKeyMessage });
      else visit(child, childPath, depth + 1, seen);
    }
  };
  visit(input, '', 0, new Set());
  return problems;
}
