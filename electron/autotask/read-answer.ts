import type { z } from 'zod';
import { AutotaskError } from './errors';

/** Parses a successful answer's body; an empty body (204) is null, anything that is not JSON is malformed. */
export function parseJsonBody(bodyText: string, context: string): unknown {
  if (bodyText.trim() === '') return null;
  try {
    return JSON.parse(bodyText);
  } catch {
    throw new AutotaskError('malformed-response', `${context}: Autotask answered with something that is not JSON`);
  }
}

/** Checks an answer against the shape Headroom relies on: a missing or mistyped field is an error, never a default. */
export function readShape<Schema extends z.ZodType>(schema: Schema, json: unknown, what: string): z.output<Schema> {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const problems = result.error.issues
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : 'body'}: ${issue.message}`)
    .join('; ');
  throw new AutotaskError('malformed-response', `Autotask's ${what} answer is not in the expected shape (${problems})`);
}
