import { UserFacingError } from '../core/user-facing-error';

/**
 * An answer in Autotask's error shape, {"errors":["message"]}, with the status Autotask would use. Thrown anywhere
 * below the request handler; the handler turns it into the response.
 */
export class AutotaskError extends UserFacingError {
  override readonly name = 'AutotaskError';

  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }

  get body(): { errors: string[] } {
    return { errors: [this.message] };
  }
}

/** Autotask answers validation and business-rule errors with a 500 and the reason in the text. */
export function validationError(message: string): AutotaskError {
  return new AutotaskError(500, message);
}

/** A simulator option (programmatic, CLI or admin API) is out of range; the message names it. */
export class SimulatorOptionsError extends UserFacingError {
  override readonly name = 'SimulatorOptionsError';
}
