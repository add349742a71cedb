import { UserFacingError } from '../core/user-facing-error';

/**
 * A request a method cannot answer, for a method whose response has no room for a refusal (usageHistory). The
 * transports answer it as a bad request with `userMessage`; it never holds a value from the request.
 */
export class InvalidRequestError extends UserFacingError {
  override readonly name = 'InvalidRequestError';

  constructor(
    /** The request's field at fault, e.g. 'hours'. */
    readonly field: string,
    userMessage: string,
  ) {
    super(userMessage);
  }
}
