import type { Status } from '@wheelhouse/api';
import { describe, expect, it } from 'vitest';
import {
  AlreadyExistsError,
  ApiError,
  BadRequestError,
  ConflictError,
  ExpiredError,
  ForbiddenError,
  InvalidError,
  NotFoundError,
  ServerTimeoutError,
  TooManyRequestsError,
  UnauthorizedError,
  apiErrorFromStatus,
  findApiError,
  isAlreadyExists,
  isBadRequest,
  isConflict,
  isExpired,
  isForbidden,
  isInvalid,
  isNotFound,
  isServerTimeout,
  isStatus,
  isTooManyRequests,
  isUnauthorized,
  retryAfterSeconds,
} from './api-errors.js';

const failure = (reason: string | undefined, code: number, extra: Partial<Status> = {}): Status => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: `${reason ?? 'no reason'} ${code}`,
  ...(reason === undefined ? {} : { reason }),
  code,
  ...extra,
});

const guards = {
  isNotFound,
  isAlreadyExists,
  isConflict,
  isInvalid,
  isExpired,
  isTooManyRequests,
  isForbidden,
  isUnauthorized,
  isBadRequest,
  isServerTimeout,
};

/** Status as the wire reference shows it -> the class and the one guard that must say yes. */
const cases: [Status, typeof ApiError, keyof typeof guards][] = [
  [
    failure('NotFound', 404, { message: 'pods "x" not found', details: { name: 'x', kind: 'pods' } }),
    NotFoundError,
    'isNotFound',
  ],
  [
    failure('AlreadyExists', 409, { message: 'deployments.apps "nginx" already exists' }),
    AlreadyExistsError,
    'isAlreadyExists',
  ],
  [failure('Conflict', 409), ConflictError, 'isConflict'],
  [
    failure('Invalid', 422, { details: { causes: [{ reason: 'FieldValueInvalid', field: 'spec.replicas' }] } }),
    InvalidError,
    'isInvalid',
  ],
  [failure('Expired', 410, { message: 'too old resource version: 1 (2)' }), ExpiredError, 'isExpired'],
  [failure('Gone', 410), ExpiredError, 'isExpired'],
  [failure('TooManyRequests', 429, { details: { retryAfterSeconds: 5 } }), TooManyRequestsError, 'isTooManyRequests'],
  [failure('Forbidden', 403), ForbiddenError, 'isForbidden'],
  [failure('Unauthorized', 401), UnauthorizedError, 'isUnauthorized'],
  [failure('BadRequest', 400), BadRequestError, 'isBadRequest'],
  [failure('ServerTimeout', 504), ServerTimeoutError, 'isServerTimeout'],
];

describe('apiErrorFromStatus', () => {
  it.each(cases)('maps %o to its class, and only its guard matches', (status, Cls, guard) => {
    const err = apiErrorFromStatus(status);
    expect(err).toBeInstanceOf(Cls);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toBe(status.message);
    expect([err.reason, err.code, err.details]).toEqual([status.reason, status.code, status.details]);
    for (const [name, g] of Object.entries(guards)) expect([name, g(err)]).toEqual([name, name === guard]);
  });

  it('falls back from the HTTP code when the server gave no reason', () => {
    expect(apiErrorFromStatus(failure(undefined, 404))).toBeInstanceOf(NotFoundError);
    expect(isNotFound(apiErrorFromStatus(failure(undefined, 404)))).toBe(true);
    expect(isConflict(apiErrorFromStatus(failure(undefined, 409)))).toBe(true);
    expect(isAlreadyExists(apiErrorFromStatus(failure(undefined, 409)))).toBe(false);
    expect(isExpired(apiErrorFromStatus(failure(undefined, 410)))).toBe(true);
    expect(isTooManyRequests(apiErrorFromStatus(failure('Whatever', 429)))).toBe(true);
  });

  it('keeps an unknown reason as a plain ApiError and does not guess from the code', () => {
    const err = apiErrorFromStatus(failure('SomethingNew', 404));
    expect(err.constructor).toBe(ApiError);
    expect(isNotFound(err)).toBe(false);
  });

  it('lets the response status override the body code and defaults to 500', () => {
    expect(apiErrorFromStatus({ kind: 'Status' }, 403)).toBeInstanceOf(ForbiddenError);
    const bare = apiErrorFromStatus({});
    expect([bare.code, bare.reason, bare.message]).toEqual([500, '', 'the server responded with status 500']);
  });

  it('guards look through cause chains and reject non-errors', () => {
    const wrapped = new Error('get pod', { cause: apiErrorFromStatus(failure('NotFound', 404)) });
    expect(isNotFound(wrapped)).toBe(true);
    expect(findApiError(wrapped)).toBeInstanceOf(NotFoundError);
    expect(isNotFound(new Error('x'))).toBe(false);
    expect(isNotFound('NotFound')).toBe(false);
    expect(isNotFound(undefined)).toBe(false);
  });

  it('reports the suggested retry delay', () => {
    expect(
      retryAfterSeconds(apiErrorFromStatus(failure('TooManyRequests', 429, { details: { retryAfterSeconds: 5 } }))),
    ).toBe(5);
    expect(retryAfterSeconds(apiErrorFromStatus(failure('TooManyRequests', 429)))).toBeUndefined();
  });

  it('recognises Status objects', () => {
    expect(isStatus(failure('NotFound', 404))).toBe(true);
    expect(isStatus({ kind: 'Pod' })).toBe(false);
    expect(isStatus(null)).toBe(false);
  });
});
