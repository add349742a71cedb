import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The headless host's per-launch token: what a request that changes something must carry, so a page or program
 * that can merely reach 127.0.0.1 cannot press Wake Up or rewrite the thresholds. It lives only as long as the host.
 */

/** 256 random bits in base64url: unguessable, and safe as it is in an HTML attribute, a header and a file. */
export function newLaunchToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Compared in constant time, so how long a refusal takes says nothing about how much of a guess was right; the
 * digests have one length, so the length of the token leaks nothing either.
 */
export function isLaunchToken(given: string | undefined, token: string): boolean {
  return given !== undefined && timingSafeEqual(digestOf(given), digestOf(token));
}

function digestOf(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
