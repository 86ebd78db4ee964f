/**
 * The apiserver's error catalogue: each entry has a stable reason, an HTTP status and a
 * message template worded as kube-apiserver words it (kubectl prints the message as is).
 * `ApiError.toStatus()` renders the Kubernetes `Status` object (@wheelhouse/api's type) sent on the wire.
 */
import { invalidStatusMessage, type FieldError, type Status } from '@wheelhouse/api';
import { fieldErrorBody, type FieldError as MachineryFieldError } from '@wheelhouse/machinery';

/** `Status.details`: which object the error is about, and why (meta/v1 StatusDetails). */
export type StatusDetails = NonNullable<Status['details']>;

/** Reasons the apiserver answers with, each with its HTTP status. */
export const REASONS = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  AlreadyExists: 409,
  Conflict: 409,
  Gone: 410,
  Expired: 410,
  RequestEntityTooLarge: 413,
  UnsupportedMediaType: 415,
  Invalid: 422,
  TooManyRequests: 429,
  // Kubernetes has no reason for 431 (Go's server answers it in plain text); this one names the code.
  RequestHeaderFieldsTooLarge: 431,
  InternalError: 500,
  ServiceUnavailable: 503,
  Timeout: 504,
  // Kubernetes' StatusReasonUnknown: no reason on the wire, the code given by the error.
  Unknown: 500,
} as const;

/** One of the reasons in REASONS. */
export type Reason = keyof typeof REASONS;

/** An error the apiserver turns into a `Status` response; `cause` keeps the underlying error. */
export class ApiError extends Error {
  readonly reason: Reason;
  readonly code: number;
  readonly details: StatusDetails | undefined;
  /** A continue token offered with a 410 for an inconsistent rest of the list. */
  readonly continueToken: string | undefined;

  constructor(
    reason: Reason,
    message: string,
    details?: StatusDetails,
    options?: { cause?: unknown; continueToken?: string; code?: number },
  ) {
    super(message, options);
    this.name = 'ApiError';
    this.reason = reason;
    this.code = options?.code ?? REASONS[reason];
    this.details = details;
    this.continueToken = options?.continueToken;
  }

  /** The `Status` object for this error. */
  toStatus(): Status {
    const s: Status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: this.continueToken === undefined ? {} : { continue: this.continueToken },
      status: 'Failure',
      message: this.message,
      ...(this.reason === 'Unknown' ? {} : { reason: this.reason }),
      code: this.code,
    };
    if (this.details) s.details = this.details;
    return s;
  }
}

/** Identifies a resource in messages: `pods` or `deployments.apps`. */
export interface ResourceRef {
  group: string;
  plural: string;
}

function qualified(r: ResourceRef): string {
  return r.group === '' ? r.plural : `${r.plural}.${r.group}`;
}

/** `details` naming an object; an empty name is left out, as Go's omitempty does. */
function objectDetails(r: ResourceRef, name: string): StatusDetails {
  const named = name === '' ? {} : { name };
  return r.group === '' ? { ...named, kind: r.plural } : { ...named, group: r.group, kind: r.plural };
}

/** 404: `pods "x" not found` / `deployments.apps "x" not found`. */
export function notFound(r: ResourceRef, name: string): ApiError {
  return new ApiError('NotFound', `${qualified(r)} "${name}" not found`, objectDetails(r, name));
}

/** 404 for a path that names no resource. */
export function pathNotFound(): ApiError {
  return new ApiError('NotFound', 'the server could not find the requested resource', {});
}

/** 409: `deployments.apps "nginx" already exists`. */
export function alreadyExists(r: ResourceRef, name: string): ApiError {
  return new ApiError('AlreadyExists', `${qualified(r)} "${name}" already exists`, objectDetails(r, name));
}

/** 409: optimistic concurrency failure on update, patch or delete. */
export function conflict(
  r: ResourceRef,
  name: string,
  why = 'the object has been modified; please apply your changes to the latest version and try again',
): ApiError {
  return new ApiError(
    'Conflict',
    `Operation cannot be fulfilled on ${qualified(r)} "${name}": ${why}`,
    objectDetails(r, name),
  );
}

/** A field error as @wheelhouse/api reports them: reason, field path and message body. */
export interface FieldProblem {
  type: string;
  field: string;
  message: string;
}

/** Turns a @wheelhouse/machinery field error into a FieldProblem. */
export function fromMachinery(e: MachineryFieldError): FieldProblem {
  return { type: e.type, field: e.field, message: fieldErrorBody(e) };
}

/**
 * 422: `Deployment.apps "x" is invalid: <field errors>`. `kind` is the Kind (e.g.
 * `Deployment`); each field error becomes a cause.
 */
export function invalid(kind: string, r: ResourceRef, name: string, errs: readonly FieldProblem[]): ApiError {
  const qkind = r.group === '' ? kind : `${kind}.${r.group}`;
  const causes = errs.map((e) => ({ reason: e.type, message: e.message, field: e.field }));
  return new ApiError('Invalid', invalidStatusMessage(qkind, name, errs as FieldError[]), {
    ...objectDetails(r, name),
    kind,
    causes,
  });
}

/** 400 with a message. */
export function badRequest(message: string, cause?: unknown): ApiError {
  return new ApiError('BadRequest', message, undefined, { cause });
}

/** 410: a continue token or watch resourceVersion older than what is kept; `continueToken` resumes inconsistently. */
export function expired(message: string, continueToken?: string): ApiError {
  return new ApiError('Expired', message, undefined, { continueToken });
}

/** 405: the verb is not supported on this resource. */
export function methodNotAllowed(method: string, what: string): ApiError {
  return new ApiError('MethodNotAllowed', `${method} is not supported on resources of kind "${what}"`, {});
}

/** 413 as kube-apiserver's NewRequestEntityTooLargeError: `Request entity too large: limit is 3145728`. */
export function entityTooLarge(limit: number, cause?: unknown): ApiError {
  return new ApiError('RequestEntityTooLarge', `Request entity too large: limit is ${limit}`, undefined, { cause });
}

/** 415: a Content-Type the verb does not accept; `accepted` lists the media types it does, in kube's order. */
export function unsupportedMediaType(accepted: readonly string[]): ApiError {
  return new ApiError(
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`,
  );
}

/** 429 beyond --max-requests-inflight / --max-mutating-requests-inflight (sent with `Retry-After`). */
export function tooManyRequests(retryAfterSeconds: number): ApiError {
  return new ApiError('TooManyRequests', 'Too many requests, please try again later.', { retryAfterSeconds });
}

/** 431: the request line and headers exceed the server's header limit. */
export function headersTooLarge(): ApiError {
  return new ApiError('RequestHeaderFieldsTooLarge', 'Request Header Fields Too Large');
}

/**
 * 504 for a request that outlived --request-timeout, worded as kube-apiserver's timeout
 * filter (`mutating` false) or its REST handlers' finisher (`mutating` true) words it.
 */
export function requestTimedOut(mutating: boolean): ApiError {
  const why = mutating
    ? 'request did not complete within requested timeout - context deadline exceeded'
    : 'request did not complete within the allotted timeout';
  return new ApiError('Timeout', `Timeout: ${why}`, {});
}

/** 500, for bugs and store failures; the cause is logged, never sent. */
export function internalError(cause: unknown): ApiError {
  return new ApiError(
    'InternalError',
    'Internal error occurred: an error on the server prevented the request from being processed',
    undefined,
    { cause },
  );
}

/** Go's net/http message for a failed request: `Get "URL": dial tcp HOST:PORT: connect: connection refused`. */
function dialFailure(method: string, url: string, cause: unknown): string {
  const e = cause as { code?: string; message?: string };
  const host = new URL(url).host;
  const why =
    e.code === 'ECONNREFUSED'
      ? `dial tcp ${host}: connect: connection refused`
      : e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN'
        ? `dial tcp: lookup ${new URL(url).hostname}: no such host`
        : (e.message ?? String(cause));
  return `${method[0]}${method.slice(1).toLowerCase()} "${url}": ${why}`;
}

/**
 * 500 with no reason, as kube-apiserver answers when a node's kubelet cannot be reached
 * (kubectl prints `Error from server: Get "...": dial tcp ...: connect: connection refused`).
 */
export function kubeletUnreachable(method: string, url: string, cause: unknown): ApiError {
  return new ApiError('Unknown', dialFailure(method, url, cause), undefined, { cause });
}

const GENERIC_RESPONSES: Readonly<Record<number, [Reason, string]>> = {
  401: ['Unauthorized', 'the server has asked for the client to provide credentials'],
  404: ['NotFound', 'the server could not find the requested resource'],
  405: ['MethodNotAllowed', 'the server does not allow this method on the requested resource'],
  409: ['Conflict', 'the server reported a conflict'],
  422: ['Invalid', 'the server rejected our request due to an error in our request'],
  429: ['TooManyRequests', 'the server has received too many requests and has asked us to try again later'],
  503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
  504: [
    'Timeout',
    'the server was unable to return a response in the time allotted, but may still be processing the request',
  ],
};

/**
 * A kubelet's error answer to a proxied request, as kube-apiserver's response checker
 * relays it: 400 keeps the kubelet's text as a BadRequest, 500 becomes `Internal error
 * occurred: <text>`, 403 keeps the text; any other code keeps its code with a generic
 * message naming the subresource, e.g. `the server could not find the requested resource
 * ( pods/log web)`.
 */
export function kubeletErrorResponse(code: number, body: string, resource: string, name: string): ApiError {
  if (code === 400) return badRequest(body);
  if (code === 500)
    return new ApiError('InternalError', `Internal error occurred: ${body}`, { causes: [{ message: body }] });
  const [reason, generic] =
    code === 403
      ? (['Forbidden', body] as [Reason, string])
      : (GENERIC_RESPONSES[code] ??
        (code >= 500
          ? [
              'InternalError',
              `an error on the server (${JSON.stringify(body)}) has prevented the request from succeeding`,
            ]
          : ['Unknown', `the server responded with the status code ${code} but did not return more information`]));
  return new ApiError(reason, `${generic} ( ${resource} ${name})`, { kind: resource, name }, { code });
}

/** 503: the store is unreachable. */
export function unavailable(message: string, cause?: unknown): ApiError {
  return new ApiError('ServiceUnavailable', message, undefined, { cause });
}

/** 504: the store did not answer in time. */
export function timeout(message: string, cause?: unknown): ApiError {
  return new ApiError('Timeout', message, undefined, { cause });
}

/** Errors the store layer (kv.ts) reports; the REST layer maps them to ApiErrors. */
export type StoreErrorCode = 'Compacted' | 'Unavailable' | 'Timeout' | 'TooLarge' | 'Failed';

/** An error from the key-value store, with a stable code. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}
