/** Validation of a TokenRequest, as kube's ValidateTokenRequest: a lifetime from 10 minutes to 2^32 seconds. */
import type { TokenRequest } from '../schema/authentication-v1.js';
import { invalid, type FieldError } from './field-errors.js';

/** The shortest lifetime a token may be asked for (kube's minimum: 10 minutes). */
const MIN_SECONDS = 10 * 60;
/** The longest (2^32 seconds). */
const MAX_SECONDS = 2 ** 32;

/** A defaulted TokenRequest (expirationSeconds set): its lifetime within kube's bounds. */
export function validateTokenRequest(req: TokenRequest): FieldError[] {
  const seconds = req.spec?.expirationSeconds ?? 0;
  if (seconds < MIN_SECONDS)
    return [invalid('spec.expirationSeconds', seconds, 'may not specify a duration less than 10 minutes')];
  if (seconds > MAX_SECONDS)
    return [invalid('spec.expirationSeconds', seconds, 'may not specify a duration larger than 2^32 seconds')];
  return [];
}
