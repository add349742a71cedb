import { UserFacingError } from '../core/user-facing-error';

/** The gateway was started with an option out of range; the message names it. */
export class GatewayOptionsError extends UserFacingError {
  override readonly name = 'GatewayOptionsError';
}

/** The gateway could not listen on its port (taken by another program, or not allowed). */
export class GatewayListenError extends UserFacingError {
  override readonly name = 'GatewayListenError';
  constructor(
    userMessage: string,
    readonly code: string | undefined,
  ) {
    super(userMessage);
  }
}
