/**
 * An error whose `userMessage` is written for the person using Headroom and shown as is: in the popover, a
 * notification, an HTTP answer's body or a command's output. Each kind is a subclass that sets its own `name`, as
 * logs and stack traces show it. `message` is the same words unless the subclass passes a technical one for the
 * log (Autotask's errors do).
 */
export class UserFacingError extends Error {
  constructor(
    readonly userMessage: string,
    message: string = userMessage,
  ) {
    super(message);
  }
}
