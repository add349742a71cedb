/**
 * Autotask error bodies are `{"errors": ["message", ...]}`; some clients report `{message}` objects in the list,
 * and proxies answer with HTML or plain text. Read whatever is there into plain messages, never throw.
 */
export function errorMessagesFrom(bodyText: string): string[] {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return looksLikeText(bodyText) ? [bodyText.trim().slice(0, 500)] : [];
  }
  if (!isRecord(body)) return [];
  const entries: unknown[] = Array.isArray(body.errors) ? body.errors : [body.message ?? body.Message];
  return entries.map(messageOf).filter((message): message is string => message !== undefined && message !== '');
}

function messageOf(entry: unknown): string | undefined {
  if (typeof entry === 'string') return entry;
  if (isRecord(entry) && typeof entry.message === 'string') return entry.message;
  return undefined;
}

function looksLikeText(bodyText: string): boolean {
  const trimmed = bodyText.trim();
  return trimmed !== '' && !trimmed.startsWith('<');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
