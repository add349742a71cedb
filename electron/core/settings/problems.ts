import type { z } from 'zod';

/** One thing wrong with a settings document: where (a dotted path) and what, in words fit to show as is. */
export interface SettingsProblem {
  /** E.g. 'throttle.slowAtPercent'; '' for the document as a whole. */
  field: string;
  /** Names the setting in words and says what is allowed; never repeats a value that was typed in. */
  message: string;
}

/**
 * Every schema in schema.ts carries its own message, so zod's texts never reach a user. Unknown keys become one
 * problem each, so each is reported at its own path; `reportedElsewhere` skips keys already explained (secrets).
 */
export function problemsFromIssues(
  issues: readonly z.core.$ZodIssue[],
  reportedElsewhere: ReadonlySet<string>,
): SettingsProblem[] {
  return issues.flatMap((issue) => {
    const field = pathOf(issue.path);
    if (issue.code !== 'unrecognized_keys') return [{ field, message: issue.message }];
    return issue.keys
      .map((key) => joinPath(field, key))
      .filter((path) => !reportedElsewhere.has(path))
      .map((path) => ({ field: path, message: `${path} is not a Headroom setting: check the spelling or remove it.` }));
  });
}

export function pathOf(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

export function joinPath(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`;
}

/** The same problem found twice (e.g. by two checks of one field) is said once. */
export function withoutRepeats(problems: readonly SettingsProblem[]): SettingsProblem[] {
  const seen = new Set<string>();
  return problems.filter((problem) => {
    const key = `${problem.field}\n${problem.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
