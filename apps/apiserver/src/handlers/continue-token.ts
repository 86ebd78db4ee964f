/**
 * List continue tokens as kube-apiserver's storage.EncodeContinue / DecodeContinue make
 * and read them: unpadded base64url of the JSON `{"v":"meta.k8s.io/v1","rv":N,"start":K}`
 * where K is the next key relative to the listed prefix (the resource's, or its
 * namespace's). Decoding checks the encoding version, a non-zero rv, a non-empty start
 * key and a clean path (no `..`, `.`, `//` or trailing `/`), then re-roots the key under
 * the prefix, so no token can make a list read outside its own resource and namespace.
 */
import { badRequest, type ApiError } from '../errors.js';

/** Where a continued list resumes: an absolute store key and the revision to read at (<= 0: the latest). */
export interface ContinuePosition {
  startKey: string;
  rv: number;
}

const TOKEN_VERSION = 'meta.k8s.io/v1';

/** Encodes the token for a list of `keyPrefix` resuming at `key` (which must lie under the prefix) at `rv`. */
export function encodeContinue(key: string, keyPrefix: string, rv: number): string {
  if (!key.startsWith(keyPrefix) || key === keyPrefix)
    throw new Error(`continue key ${JSON.stringify(key)} is not under ${JSON.stringify(keyPrefix)}`);
  const json = JSON.stringify({ v: TOKEN_VERSION, rv, start: key.slice(keyPrefix.length) });
  return Buffer.from(json).toString('base64url');
}

function invalidToken(detail?: string): ApiError {
  const why = detail === undefined ? 'continue key is not valid' : `continue key is not valid: ${detail}`;
  return badRequest(`invalid continue token: ${why}`);
}

const BASE64URL = /^[A-Za-z0-9_-]$/;

/** base64.RawURLEncoding.DecodeString: no padding, `\r` and `\n` skipped, Go's error text otherwise. */
function decodeRawBase64Url(s: string): Buffer {
  let kept = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\r' || c === '\n') continue;
    if (!BASE64URL.test(c)) throw invalidToken(`illegal base64 data at input byte ${i}`);
    kept++;
  }
  if (kept % 4 === 1) throw invalidToken(`illegal base64 data at input byte ${s.length - 1}`);
  return Buffer.from(s.replace(/[\r\n]/g, ''), 'base64url');
}

function jsonTypeName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** The token's fields as Go's encoding/json fills the struct: keys matched case-insensitively, types checked. */
function unmarshalToken(text: string): { v: string; rv: number; start: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const msg = (err as Error).message;
    throw invalidToken(/end of JSON input/.test(msg) ? 'unexpected end of JSON input' : `invalid JSON: ${msg}`);
  }
  const out = { v: '', rv: 0, start: '' };
  if (doc === null) return out;
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw invalidToken(`json: cannot unmarshal ${jsonTypeName(doc)} into Go value of type storage.continueToken`);
  for (const [key, value] of Object.entries(doc)) {
    const field = key.toLowerCase();
    if (value === null || !(field === 'v' || field === 'rv' || field === 'start')) continue;
    const want = field === 'rv' ? 'number' : 'string';
    const goType = field === 'rv' ? 'int64' : 'string';
    const wrongType = typeof value !== want || (field === 'rv' && !Number.isSafeInteger(value));
    if (wrongType) {
      const what = typeof value === 'number' ? `number ${String(value)}` : jsonTypeName(value);
      throw invalidToken(
        `json: cannot unmarshal ${what} into Go struct field continueToken.${field} of type ${goType}`,
      );
    }
    (out as Record<string, unknown>)[field] = value;
  }
  return out;
}

/** True if `p` (absolute) is what Go's path.Clean returns for it. */
function isCleanPath(p: string): boolean {
  if (p === '/') return true;
  if (p.endsWith('/')) return false;
  return p
    .slice(1)
    .split('/')
    .every((seg) => seg !== '' && seg !== '.' && seg !== '..');
}

/**
 * Decodes a client's continue token for a list of `keyPrefix` (ending in `/`). Throws 400
 * `invalid continue token: continue key is not valid...` for anything kube-apiserver
 * refuses. The returned key always lies under `keyPrefix`.
 */
export function decodeContinue(token: string, keyPrefix: string): ContinuePosition {
  const t = unmarshalToken(decodeRawBase64Url(token).toString('utf8'));
  if (t.v !== TOKEN_VERSION) throw invalidToken(`server does not recognize this encoded version ${t.v}`);
  if (t.rv === 0) throw invalidToken(`incorrect encoded start resourceVersion (version ${TOKEN_VERSION})`);
  if (t.start === '') throw invalidToken(`encoded start key empty (version ${TOKEN_VERSION})`);
  const key = t.start.startsWith('/') ? t.start : `/${t.start}`;
  if (!isCleanPath(key)) throw invalidToken(t.start);
  return { startKey: keyPrefix + key.slice(1), rv: t.rv };
}
