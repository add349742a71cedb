import type { FieldSpec, FieldValue } from './entity-schema';

/**
 * Reads a value a client sent for a field, the way Autotask's JSON binding does: numbers may come as numeric
 * strings (PowerShell clients send "2"), booleans as "true"/"false", dates as ISO 8601 with or without a time and
 * zone (no zone means UTC). Returns undefined when the value cannot be one of that field's type.
 */
export function fieldValueFrom(field: FieldSpec, raw: unknown): Exclude<FieldValue, null> | undefined {
  switch (field.type) {
    case 'integer': {
      const number = numberFrom(raw);
      return number !== undefined && Number.isSafeInteger(number) ? number : undefined;
    }
    case 'decimal':
      return numberFrom(raw);
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 1) return true;
      if (raw === 'false' || raw === 0) return false;
      return undefined;
    case 'datetime': {
      const ms = timeFrom(raw);
      return ms === undefined ? undefined : new Date(ms).toISOString();
    }
    case 'string':
      if (typeof raw === 'string') return raw;
      return typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : undefined;
  }
}

/** Milliseconds since the epoch of an ISO 8601 date or date-time; undefined for anything else. */
export function timeFrom(raw: unknown): number | undefined {
  if (typeof raw !== 'string') return undefined;
  const match = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i.exec(
    raw.trim(),
  );
  if (!match) return undefined;
  const hasTime = raw.length > 10;
  const text = raw.trim().replace(' ', 'T');
  const ms = Date.parse(hasTime && match[1] === undefined ? `${text}Z` : text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A short rendering of what a client sent, for error messages (bodies can be large, or nested past the stack). */
export function shown(raw: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(raw) ?? String(raw);
  } catch {
    text = Array.isArray(raw) ? 'an array' : typeof raw;
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function numberFrom(raw: unknown): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(raw)) return Number(raw);
  return undefined;
}
