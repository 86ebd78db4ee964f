/**
 * Request bodies decoded into plain objects, JSON, YAML or Kubernetes protobuf, with the
 * same bounds whatever the encoding: at most MAX_BODY_DEPTH levels of nesting, at most
 * MAX_BODY_VALUES values, and at most MAX_BODY_BYTES bytes once written out as JSON.
 * The last bound is what stops a small YAML body whose aliases repeat a large string
 * hundreds of times: aliases decode to shared references, and the walk that measures
 * the document stops as soon as the bound is passed, so the expansion is never built.
 */
import yaml from 'js-yaml';
import { decodeProtobufObject } from '@wheelhouse/api';
import { isMachineryError, jsonNumberLiterals, PROTOBUF_MEDIA_TYPE } from '@wheelhouse/machinery';
import { badRequest, entityTooLarge, unsupportedMediaType } from '../errors.js';
import { jsonBoundPassed, rememberNumberLiterals, type JsonBounds } from '../object.js';
import { BODY_MEDIA_TYPES } from './content-type.js';

/** Largest request body accepted, and largest JSON form of a decoded body (as kube-apiserver: 3 MiB). */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;
/** Deepest nesting accepted in a decoded body (objects are far shallower; recursion elsewhere stays safe). */
export const MAX_BODY_DEPTH = 1000;
/** Most values (objects, arrays, scalars) a decoded body may hold. */
export const MAX_BODY_VALUES = 1_000_000;

const BODY_BOUNDS: JsonBounds = { bytes: MAX_BODY_BYTES, depth: MAX_BODY_DEPTH, values: MAX_BODY_VALUES };

/**
 * Throws for a document nested deeper than MAX_BODY_DEPTH (400), holding more than
 * MAX_BODY_VALUES values (400), or whose JSON form passes MAX_BODY_BYTES (413).
 * Cost and memory stay bounded even when shared references make the document expand
 * without limit (see jsonBoundPassed).
 */
export function checkShape(doc: unknown): void {
  const passed = jsonBoundPassed(doc, BODY_BOUNDS);
  if (passed === 'bytes') throw entityTooLarge(MAX_BODY_BYTES);
  if (passed === 'depth') throw badRequest(`the body is nested deeper than ${MAX_BODY_DEPTH} levels`);
  if (passed === 'values') throw badRequest('the body expands to too many values');
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Decodes a create/update body: JSON (also without a Content-Type), YAML (also the
 * apply-patch media type), or Kubernetes protobuf (decoded to the object the same request
 * would carry as JSON). Throws 400 on malformed input, 413 past the decoded-size bound,
 * and 415 for any other media type (the routes refuse those before the handler runs).
 */
export function decodeBody(raw: unknown, contentType: string | undefined): unknown {
  const buf = Buffer.isBuffer(raw) ? raw : Buffer.alloc(0);
  const mt = mediaType(contentType);
  if (mt === 'application/yaml' || mt === 'application/apply-patch+yaml') return parseYaml(buf);
  if (mt === '' || mt === 'application/json') return parseJson(buf);
  if (mt === PROTOBUF_MEDIA_TYPE) return parseProtobuf(buf);
  throw unsupportedMediaType(BODY_MEDIA_TYPES);
}

function parseProtobuf(buf: Buffer): unknown {
  if (buf.length === 0) throw badRequest('the request body is empty');
  let doc: unknown;
  try {
    doc = decodeProtobufObject(buf);
  } catch (err) {
    if (isMachineryError(err)) throw badRequest(err.message, err);
    if (err instanceof RangeError) throw badRequest('the body is nested too deeply to decode', err);
    throw err;
  }
  checkShape(doc);
  return doc;
}

/** Parses JSON and checks its shape; throws 400 with the parser's complaint. */
export function parseJson(buf: Buffer): unknown {
  if (buf.length === 0) throw badRequest('the request body is empty');
  const text = buf.toString('utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw badRequest(`the body of the request could not be decoded as JSON: ${(err as Error).message}`, err);
  }
  checkShape(doc);
  rememberNumberLiterals(doc, jsonNumberLiterals(text));
  return doc;
}

function parseYaml(buf: Buffer): unknown {
  if (buf.length === 0) throw badRequest('the request body is empty');
  let doc: unknown;
  try {
    doc = yaml.load(buf.toString('utf8'));
  } catch (err) {
    throw badRequest(
      `the body of the request could not be decoded as YAML: ${(err as Error).message.split('\n')[0]}`,
      err,
    );
  }
  checkShape(doc);
  return doc;
}
