/**
 * Which request Content-Types each verb accepts, checked as kube-apiserver checks them:
 * create, update and delete bodies are negotiated like NegotiateInputSerializer (media
 * type parsed case-insensitively, parameters ignored, an absent or empty header meaning
 * JSON); PATCH compares the header up to its first `;` with the patch types, exactly.
 */
import { PROTOBUF_MEDIA_TYPE } from '@wheelhouse/machinery';
import { unsupportedMediaType } from '../errors.js';

/** Media types of create/update/delete bodies, in the order kube-apiserver lists them. */
export const BODY_MEDIA_TYPES: readonly string[] = ['application/json', 'application/yaml', PROTOBUF_MEDIA_TYPE];

/** PATCH media types, in the order kube-apiserver lists them for built-in resources. */
export const PATCH_MEDIA_TYPES: readonly string[] = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** The media type of a body Content-Type, lower-cased, as mime.ParseMediaType; undefined if it does not parse. */
function bodyMediaType(header: string): string | undefined {
  const [type = '', ...params] = header.split(';');
  const [main, sub, extra] = type.trim().toLowerCase().split('/');
  if (extra !== undefined || !main || !sub || !TOKEN.test(main) || !TOKEN.test(sub)) return undefined;
  for (const p of params) {
    const eq = p.indexOf('=');
    if (p.trim() === '') continue;
    if (eq < 0 || !TOKEN.test(p.slice(0, eq).trim())) return undefined;
  }
  return `${main}/${sub}`;
}

/**
 * Throws 415 when `method` may not carry a body of `contentType` (the raw header).
 * `hasBody` matters for DELETE only, whose Content-Type is negotiated only when a body is sent.
 */
export function checkContentType(method: string, contentType: string | undefined, hasBody: boolean): void {
  const header = contentType ?? '';
  if (method === 'PATCH') {
    const semi = header.indexOf(';');
    const mt = semi > 0 ? header.slice(0, semi) : header;
    if (!PATCH_MEDIA_TYPES.includes(mt)) throw unsupportedMediaType(PATCH_MEDIA_TYPES);
    return;
  }
  if (method !== 'POST' && method !== 'PUT' && !(method === 'DELETE' && hasBody)) return;
  if (header === '') return;
  const mt = bodyMediaType(header);
  if (mt === undefined || !BODY_MEDIA_TYPES.includes(mt)) throw unsupportedMediaType(BODY_MEDIA_TYPES);
}
