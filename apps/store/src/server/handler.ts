/**
 * Wrappers that make every gRPC handler safe: whatever a handler throws becomes a gRPC
 * status (a StoreError keeps etcd's code and text; anything else is logged and answered
 * as INTERNAL), so no client input can crash the process.
 */
import {
  status as Status,
  type MethodDefinition,
  type ServerUnaryCall,
  type ServiceDefinition,
  type sendUnaryData,
  type ServiceError,
} from '@grpc/grpc-js';
import type { Logger } from 'pino';
import { isStoreError } from '../errors.js';

/** A gRPC status to end a call with. */
export interface CallStatus {
  code: Status;
  details: string;
}

/** The text of an INTERNAL answer; the cause is in the server log, not on the wire. */
export const INTERNAL_DETAILS = 'wheelhouse store: internal error (see the server log)';

/** Maps an error to the status a client sees; unexpected errors are logged with the method. */
export function toStatus(err: unknown, log: Logger, method: string): CallStatus {
  if (isStoreError(err)) return { code: err.grpcCode, details: err.message };
  if (err instanceof GrpcStatusError) return { code: err.code, details: err.message };
  log.error({ err, method }, 'handler failed');
  return { code: Status.INTERNAL, details: INTERNAL_DETAILS };
}

/** An error that is answered with exactly this gRPC code and text (for answers outside the store catalogue). */
export class GrpcStatusError extends Error {
  constructor(
    readonly code: Status,
    message: string,
  ) {
    super(message);
    this.name = 'GrpcStatusError';
  }
}

/** A unary handler body: gets the decoded request, returns (or resolves to) the reply. */
export type UnaryBody<Req, Res> = (req: Req, call: ServerUnaryCall<Req, Res>) => Res | Promise<Res>;

/** Wraps a unary handler body so that any throw or rejection becomes a gRPC status. */
export function unary<Req, Res>(log: Logger, method: string, body: UnaryBody<Req, Res>) {
  return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>): void => {
    void (async () => body(call.request ?? ({} as Req), call))().then(
      (res) => callback(null, res),
      (err: unknown) => {
        const s = toStatus(err, log, method);
        callback({ code: s.code, details: s.details } as ServiceError);
      },
    );
  };
}

const REQUEST_BYTES = Symbol('requestBytes');

/** The encoded size in bytes of a request decoded through a definition from `withRequestSizes`. */
export function requestBytes(req: unknown): number {
  if (typeof req !== 'object' || req === null) return 0;
  const n = (req as { [REQUEST_BYTES]?: number })[REQUEST_BYTES];
  return typeof n === 'number' ? n : 0;
}

/**
 * A copy of a service definition whose request decoders remember each message's encoded
 * size (etcd limits write requests by their encoded size, --max-request-bytes), and whose
 * response encoders pass an already-encoded reply (a Buffer) through as it is.
 */
export function withRequestSizes(def: ServiceDefinition): ServiceDefinition {
  const out: Record<string, MethodDefinition<unknown, unknown>> = {};
  for (const [name, m] of Object.entries(def)) {
    out[name] = {
      ...m,
      requestDeserialize: (buf: Buffer) => {
        const msg: unknown = m.requestDeserialize(buf);
        if (typeof msg === 'object' && msg !== null) Object.defineProperty(msg, REQUEST_BYTES, { value: buf.length });
        return msg;
      },
      responseSerialize: (value: unknown) => (Buffer.isBuffer(value) ? value : m.responseSerialize(value)),
    };
  }
  return out;
}
