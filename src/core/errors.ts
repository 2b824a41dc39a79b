/** A few coded errors; the turn's error boundary picks the friendly sentence from the code. */

export class AppError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The store could not be reached or failed; the user is asked to try again in a moment. */
export class StoreUnavailableError extends AppError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('STORE_UNAVAILABLE', message, options);
  }
}

/** A content file is invalid: names the file, the line or id, and the field. */
export class ContentError extends AppError {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super('CONTENT_INVALID', `${file}${where ? ` (${where})` : ''}: ${field}: ${problem}`);
  }
}

/** A button payload that does not validate: stale, truncated or forged. */
export class BadActionError extends AppError {
  constructor(message: string) {
    super('BAD_ACTION', message);
  }
}

/** Bad arguments to the CLI: printed as one line, exit code 2. */
export class UsageError extends AppError {
  constructor(message: string) {
    super('USAGE', message);
  }
}
