/**
 * The largest request body Autotask takes: it answers 413 to a larger one (and closes the connection without
 * reading it), so a call with such a body can never succeed.
 */
export const AUTOTASK_MAX_BODY_BYTES = 1024 * 1024;
