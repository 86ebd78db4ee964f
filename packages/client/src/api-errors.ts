import type { Status, StatusDetails } from '@wheelhouse/api';

/**
 * An error answered by the API server, carrying its Status. `reason` is the Status reason
 * ('' when the server gave none), `code` the HTTP status. Use the `isX` guards rather than
 * comparing fields: they apply apimachinery's fallbacks from code to reason.
 */
export class ApiError extends Error {
  readonly reason: string;
  readonly code: number;
  readonly details: StatusDetails | undefined;
  readonly status: Status;

  /** Wraps `status`; `code` overrides `status.code` (e.g. the HTTP status of the response). */
  constructor(status: Status, code?: number, options?: { cause?: unknown }) {
    const httpCode = code ?? status.code ?? 500;
    super(status.message || `the server responded with status ${httpCode}`, options);
    this.name = 'ApiError';
    this.reason = status.reason ?? '';
    this.code = httpCode;
    this.details = status.details;
    this.status = status;
  }
}

/** 404 NotFound: the object or the path does not exist. */
export class NotFoundError extends ApiError {}
/** 409 AlreadyExists: create of a name already taken. */
export class AlreadyExistsError extends ApiError {}
/** 409 Conflict: the resourceVersion sent is not the current one. */
export class ConflictError extends ApiError {}
/** 422 Invalid: the object failed validation; see `details.causes`. */
export class InvalidError extends ApiError {}
/** 410 Expired or Gone: the resourceVersion or continue token is too old; relist. */
export class ExpiredError extends ApiError {}
/** 429 TooManyRequests: throttled or blocked (e.g. an eviction against a disruption budget). */
export class TooManyRequestsError extends ApiError {}
/** 403 Forbidden. */
export class ForbiddenError extends ApiError {}
/** 401 Unauthorized. */
export class UnauthorizedError extends ApiError {}
/** 400 BadRequest. */
export class BadRequestError extends ApiError {}
/** ServerTimeout (usually 500 or 504): the server could not finish in time; retry. */
export class ServerTimeoutError extends ApiError {}

type ApiErrorClass = new (status: Status, code?: number, options?: { cause?: unknown }) => ApiError;

const BY_REASON: Readonly<Record<string, ApiErrorClass>> = {
  NotFound: NotFoundError,
  AlreadyExists: AlreadyExistsError,
  Conflict: ConflictError,
  Invalid: InvalidError,
  Expired: ExpiredError,
  Gone: ExpiredError,
  TooManyRequests: TooManyRequestsError,
  Forbidden: ForbiddenError,
  Unauthorized: UnauthorizedError,
  BadRequest: BadRequestError,
  ServerTimeout: ServerTimeoutError,
};

const BY_CODE: Readonly<Record<number, ApiErrorClass>> = {
  400: BadRequestError,
  401: UnauthorizedError,
  403: ForbiddenError,
  404: NotFoundError,
  409: ConflictError,
  410: ExpiredError,
  422: InvalidError,
  429: TooManyRequestsError,
};

/**
 * Builds the most specific {@link ApiError} subclass for a Status: by reason when the server
 * gave one we know, else by HTTP code. `code` (the response's status) wins over `status.code`.
 */
export function apiErrorFromStatus(status: Status, code?: number, options?: { cause?: unknown }): ApiError {
  const httpCode = code ?? status.code ?? 500;
  const Cls = BY_REASON[status.reason ?? ''] ?? (status.reason ? undefined : BY_CODE[httpCode]) ?? ApiError;
  return new Cls(status, httpCode, options);
}

/** True when `value` looks like a meta/v1 Status object. */
export function isStatus(value: unknown): value is Status {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'Status';
}

/** The first {@link ApiError} in `err`'s cause chain, if any. */
export function findApiError(err: unknown): ApiError | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 32; e = e.cause, depth++) {
    if (e instanceof ApiError) return e;
  }
  return undefined;
}

function reasonOrUnknownCode(err: unknown, reason: string, code: number): boolean {
  const e = findApiError(err);
  return !!e && (e.reason === reason || (e.reason === '' && e.code === code));
}

/** NotFound, or a 404 without a reason. Looks through `cause` chains. */
export function isNotFound(err: unknown): boolean {
  return reasonOrUnknownCode(err, 'NotFound', 404);
}

/** AlreadyExists (reason only: a bare 409 is a conflict). */
export function isAlreadyExists(err: unknown): boolean {
  return findApiError(err)?.reason === 'AlreadyExists';
}

/** Conflict, or a 409 without a reason. */
export function isConflict(err: unknown): boolean {
  return reasonOrUnknownCode(err, 'Conflict', 409);
}

/** Invalid, or a 422 without a reason. */
export function isInvalid(err: unknown): boolean {
  return reasonOrUnknownCode(err, 'Invalid', 422);
}

/** Expired or Gone, or any 410: the resourceVersion is too old and the caller must relist. */
export function isExpired(err: unknown): boolean {
  const e = findApiError(err);
  return !!e && (e.reason === 'Expired' || e.reason === 'Gone' || e.code === 410);
}

/** TooManyRequests, or any 429. */
export function isTooManyRequests(err: unknown): boolean {
  const e = findApiError(err);
  return !!e && (e.reason === 'TooManyRequests' || e.code === 429);
}

/** Forbidden, or a 403 without a reason. */
export function isForbidden(err: unknown): boolean {
  return reasonOrUnknownCode(err, 'Forbidden', 403);
}

/** Unauthorized, or a 401 without a reason. */
export function isUnauthorized(err: unknown): boolean {
  return reasonOrUnknownCode(err, 'Unauthorized', 401);
}

/** BadRequest, or a 400 without a reason. */
export function isBadRequest(err: unknown): boolean {
  return reasonOrUnknownCode(err, 'BadRequest', 400);
}

/** ServerTimeout (reason only, as apimachinery). */
export function isServerTimeout(err: unknown): boolean {
  return findApiError(err)?.reason === 'ServerTimeout';
}

/** The server's suggested delay in seconds (`details.retryAfterSeconds`), if it gave one. */
export function retryAfterSeconds(err: unknown): number | undefined {
  const s = findApiError(err)?.details?.retryAfterSeconds;
  return typeof s === 'number' && s > 0 ? s : undefined;
}
