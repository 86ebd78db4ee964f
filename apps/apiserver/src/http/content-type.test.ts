import { describe, expect, it } from 'vitest';
import type { ApiError } from '../errors.js';
import { checkContentType } from './content-type.js';

function refused(method: string, ct: string | undefined, hasBody = true): string | undefined {
  try {
    checkContentType(method, ct, hasBody);
    return undefined;
  } catch (err) {
    expect((err as ApiError).code).toBe(415);
    return (err as ApiError).message;
  }
}

const BODY_TYPES =
  'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf';
const PATCH_TYPES =
  'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml';

describe('Content-Type per verb', () => {
  it('accepts JSON, YAML and protobuf on create and update, in any case and with parameters', () => {
    for (const ct of [
      'application/json',
      'Application/JSON; charset=utf-8',
      'application/yaml',
      'application/vnd.kubernetes.protobuf',
      undefined,
      '',
    ])
      for (const m of ['POST', 'PUT']) expect(refused(m, ct), `${m} ${ct}`).toBeUndefined();
  });

  it('refuses patch types, unknown and malformed types on create and update', () => {
    for (const ct of [
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/apply-patch+yaml',
      'text/plain',
      'application/x-www-form-urlencoded',
      'json',
      'application/json/x',
    ])
      for (const m of ['POST', 'PUT']) expect(refused(m, ct), `${m} ${ct}`).toBe(BODY_TYPES);
  });

  it('accepts only the patch types on PATCH, compared exactly up to the first ";"', () => {
    for (const ct of [
      'application/json-patch+json',
      'application/merge-patch+json; charset=utf-8',
      'application/strategic-merge-patch+json',
      'application/apply-patch+yaml',
    ])
      expect(refused('PATCH', ct), ct).toBeUndefined();
    for (const ct of ['application/json', 'Application/Merge-Patch+JSON', '', undefined, 'application/yaml'])
      expect(refused('PATCH', ct), ct).toBe(PATCH_TYPES);
  });

  it('checks DELETE only when it carries a body, and never GET', () => {
    expect(refused('DELETE', 'text/plain', false)).toBeUndefined();
    expect(refused('DELETE', 'text/plain', true)).toBe(BODY_TYPES);
    expect(refused('GET', 'text/plain')).toBeUndefined();
  });
});
