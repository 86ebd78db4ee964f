/**
 * The PodLogOptions of a pods/log request, read from its query as kube-apiserver decodes
 * and validates them: a value that does not parse is a 400 with Go's parse error, a value
 * out of range a 422 `PodLogOptions "<pod>" is invalid`.
 */
import { forbidden, invalid as invalidField, type FieldError } from '@wheelhouse/api';
import { badRequest, invalid } from '../errors.js';
import type { Query } from '../http/request.js';

/** What a pods/log request asks for (core/v1 PodLogOptions). */
export interface PodLogOptions {
  container: string;
  follow: boolean;
  previous: boolean;
  timestamps: boolean;
  insecureSkipTLSVerifyBackend: boolean;
  sinceSeconds?: number;
  /** RFC 3339, as given. */
  sinceTime?: string;
  tailLines?: number;
  limitBytes?: number;
}

/** The first value of a query parameter (Go's url.Values decoding reads the first). */
function first(q: Query, key: string): string | undefined {
  const v = q[key];
  return Array.isArray(v) ? v[0] : v;
}

/** Go's runtime.Convert_Slice_string_To_bool: only `0` and `false` (any case) are false. */
function bool(q: Query, key: string): boolean {
  const v = first(q, key);
  return v !== undefined && v !== '0' && v.toLowerCase() !== 'false';
}

/** strconv.ParseInt(v, 10, 64), with its error text. */
function int64(q: Query, key: string): number | undefined {
  const v = first(q, key);
  if (v === undefined) return undefined;
  if (!/^[+-]?\d+$/.test(v)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`);
  const n = BigInt(v);
  if (n > 2n ** 63n - 1n || n < -(2n ** 63n))
    throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: value out of range`);
  return Number(n);
}

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/** metav1.Time's query decoding: RFC 3339; empty or `null` means unset. */
function time(q: Query, key: string): string | undefined {
  const v = first(q, key);
  if (v === undefined || v === '' || v === 'null') return undefined;
  if (!RFC3339.test(v) || Number.isNaN(Date.parse(v))) {
    const year = /^\d{4}/.test(v) ? v.slice(4) : v;
    const layout = /^\d{4}/.test(v) ? '-01-02T15:04:05Z07:00' : '2006';
    throw badRequest(
      `parsing time ${JSON.stringify(v)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(year)} as ${JSON.stringify(layout)}`,
    );
  }
  return v;
}

function validate(o: PodLogOptions): FieldError[] {
  const errs: FieldError[] = [];
  if (o.tailLines !== undefined && o.tailLines < 0)
    errs.push(invalidField('tailLines', o.tailLines, 'must be greater than or equal to 0'));
  if (o.limitBytes !== undefined && o.limitBytes < 1)
    errs.push(invalidField('limitBytes', o.limitBytes, 'must be greater than 0'));
  if (o.sinceSeconds !== undefined && o.sinceTime !== undefined)
    errs.push(forbidden('', 'at most one of `sinceTime` or `sinceSeconds` may be specified'));
  else if (o.sinceSeconds !== undefined && o.sinceSeconds < 1)
    errs.push(invalidField('sinceSeconds', o.sinceSeconds, 'must be greater than 0'));
  return errs;
}

/**
 * Reads and validates the PodLogOptions of a request for pod `name`. Throws 400 for a
 * value that does not parse and 422 for one out of range (negative tailLines, limitBytes
 * or sinceSeconds below 1, both sinceSeconds and sinceTime).
 */
export function podLogOptions(q: Query, name: string): PodLogOptions {
  const o: PodLogOptions = {
    container: first(q, 'container') ?? '',
    follow: bool(q, 'follow'),
    previous: bool(q, 'previous'),
    timestamps: bool(q, 'timestamps'),
    insecureSkipTLSVerifyBackend: bool(q, 'insecureSkipTLSVerifyBackend'),
  };
  const since = int64(q, 'sinceSeconds');
  const sinceTime = time(q, 'sinceTime');
  const tail = int64(q, 'tailLines');
  const limit = int64(q, 'limitBytes');
  if (since !== undefined) o.sinceSeconds = since;
  if (sinceTime !== undefined) o.sinceTime = sinceTime;
  if (tail !== undefined) o.tailLines = tail;
  if (limit !== undefined) o.limitBytes = limit;
  const errs = validate(o);
  if (errs.length) throw invalid('PodLogOptions', { group: '', plural: 'pods' }, name, errs);
  return o;
}

/** The kubelet's /containerLogs query for `o`, as kube-apiserver's LogLocation builds it. */
export function kubeletLogQuery(o: PodLogOptions): URLSearchParams {
  const p = new URLSearchParams();
  if (o.follow) p.set('follow', 'true');
  if (o.previous) p.set('previous', 'true');
  if (o.timestamps) p.set('timestamps', 'true');
  if (o.sinceSeconds !== undefined) p.set('sinceSeconds', String(o.sinceSeconds));
  if (o.sinceTime !== undefined) p.set('sinceTime', new Date(o.sinceTime).toISOString().replace(/\.\d{3}Z$/, 'Z'));
  if (o.tailLines !== undefined) p.set('tailLines', String(o.tailLines));
  if (o.limitBytes !== undefined) p.set('limitBytes', String(o.limitBytes));
  return p;
}
