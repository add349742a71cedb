/** The gateway was started with an option out of range; the message names it. */
export class GatewayOptionsError extends Error {
  override readonly name = 'GatewayOptionsError';
  constructor(readonly userMessage: string) {
    super(userMessage);
  }
}

/** The gateway could not listen on its port (taken by another program, or not allowed). */
export class GatewayListenError extends Error {
  override readonly name = 'GatewayListenError';
  constructor(
    readonly userMessage: string,
    readonly code: string | undefined,
  ) {
    super(userMessage);
  }
}
