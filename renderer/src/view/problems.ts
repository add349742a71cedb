import type { SettingsProblem } from '../../../electron/core/settings/problems';

export interface FieldProblems<F extends string> {
  /** The first problem of each field, shown beside it. */
  byField: Partial<Record<F, string>>;
  /** Problems that name no field of the form, shown above it. */
  general: string[];
}

/** Sorts Headroom's refusals (fields named as 'throttle.slowAtPercent') onto the fields of one form. */
export function problemsByField<F extends string>(
  problems: readonly SettingsProblem[],
  section: string,
  fields: readonly F[],
): FieldProblems<F> {
  const byField: Partial<Record<F, string>> = {};
  const general: string[] = [];
  const known = new Set<string>(fields);
  for (const problem of problems) {
    const field = problem.field.startsWith(`${section}.`) ? problem.field.slice(section.length + 1) : problem.field;
    if (known.has(field)) byField[field as F] ??= problem.message;
    else general.push(problem.message);
  }
  return { byField, general };
}
