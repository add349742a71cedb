import type { HeadroomApi } from '../../../electron/contract';

/**
 * Whether the popover hears Headroom: 'connecting' until the first answer, 'lost' while the host does not answer
 * (a headless host that stopped; the Electron transport is never lost).
 */
export type Link = 'connecting' | 'up' | 'lost';

/** The contract and the state of the line it travels on. The components cannot tell the transports apart. */
export interface HeadroomClient {
  api: HeadroomApi;
  link(): Link;
  onLinkChange(listener: (link: Link) => void): () => void;
}

/** A method that failed, in words a user can act on. Never a stack trace. */
export class HeadroomCallError extends Error {
  override readonly name = 'HeadroomCallError';

  constructor(readonly userMessage: string) {
    super(userMessage);
  }
}

/** The words of any failure of a call, for the UI: what a call error says, or a plain sentence otherwise. */
export function wordsOf(error: unknown, doing: string): string {
  if (error instanceof HeadroomCallError) return error.userMessage;
  return `Headroom could not ${doing}. Try again in a moment.`;
}
