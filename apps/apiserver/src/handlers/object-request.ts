/** The request as the handlers see it, and what they answer. */
import type { Query, Target } from '../http/request.js';

/** A response: HTTP code, JSON body and any warnings (sent as `Warning` headers). */
export interface Reply {
  code: number;
  body: unknown;
  /** The body already serialized as JSON: sent as is instead of `body`. */
  json?: string | Buffer;
  warnings?: string[];
}

/** The request as the handlers see it. */
export interface ObjectRequest {
  target: Target;
  query: Query;
  body: unknown;
  contentType: string | undefined;
  userAgent?: string | undefined;
}
