/**
 * Typed errors. Each carries an HTTP status and an i18n message key, so the web layer can show
 * the user a message in their language without knowing where the error came from.
 */
export type FieldErrors = Record<string, string>;

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly messageKey: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(messageKey);
    this.name = new.target.name;
  }
}

export class NotFoundError extends AppError {
  constructor(messageKey = "errors.notFound") {
    super(404, messageKey);
  }
}

export class ForbiddenError extends AppError {
  constructor(messageKey = "errors.forbidden") {
    super(403, messageKey);
  }
}

/** A rule of the platform refused what the user asked for (e.g. a transition that is not allowed). */
export class RuleError extends AppError {
  constructor(messageKey: string, params: Record<string, unknown> = {}) {
    super(422, messageKey, params);
  }
}

/** Input that failed validation, with a message key per field. */
export class ValidationError extends AppError {
  constructor(
    readonly fieldErrors: FieldErrors,
    messageKey = "errors.validation",
  ) {
    super(422, messageKey);
  }
}

export class ConflictError extends AppError {
  constructor(messageKey: string, params: Record<string, unknown> = {}) {
    super(409, messageKey, params);
  }
}
