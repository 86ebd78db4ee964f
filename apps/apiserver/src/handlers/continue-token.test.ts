import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { decodeContinue, encodeContinue } from './continue-token.js';

const PREFIX = '/registry/services/default/';

function token(json: unknown): string {
  return Buffer.from(typeof json === 'string' ? json : JSON.stringify(json)).toString('base64url');
}

function refusal(t: string): string {
  try {
    decodeContinue(t, PREFIX);
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe(400);
    return (err as ApiError).message;
  }
  throw new Error(`token ${t} was accepted`);
}

describe('continue tokens', () => {
  it('encode the next key relative to the listed prefix, as kube-apiserver does', () => {
    const t = encodeContinue(`${PREFIX}web\0`, PREFIX, 42);
    expect(JSON.parse(Buffer.from(t, 'base64url').toString())).toEqual({ v: 'meta.k8s.io/v1', rv: 42, start: 'web\0' });
    expect(t).not.toMatch(/[=+/]/);
    expect(decodeContinue(t, PREFIX)).toEqual({ startKey: `${PREFIX}web\0`, rv: 42 });
  });

  it('decode a token kube-apiserver made (negative rv: continue at the latest revision)', () => {
    expect(decodeContinue(token({ v: 'meta.k8s.io/v1', rv: -1, start: 'b\u0000' }), PREFIX)).toEqual({
      startKey: `${PREFIX}b\0`,
      rv: -1,
    });
    // Go matches JSON keys to struct fields case-insensitively.
    expect(decodeContinue(token({ V: 'meta.k8s.io/v1', RV: 3, Start: 'x' }), PREFIX).startKey).toBe(`${PREFIX}x`);
  });

  it('keep an absolute start key inside the listed prefix instead of reading there', () => {
    const forged = decodeContinue(token({ v: 'meta.k8s.io/v1', rv: 5, start: '/registry/secrets/default/s' }), PREFIX);
    expect(forged.startKey).toBe(`${PREFIX}registry/secrets/default/s`);
    expect(decodeContinue(token({ v: 'meta.k8s.io/v1', rv: 5, start: '/' }), PREFIX).startKey).toBe(PREFIX);
  });

  it("refuse every other shape with kube's messages", () => {
    const v = 'meta.k8s.io/v1';
    expect(refusal(token({ v, rv: 5, start: '' }))).toBe(
      'invalid continue token: continue key is not valid: encoded start key empty (version meta.k8s.io/v1)',
    );
    expect(refusal(token({ v, rv: 0, start: 'a' }))).toBe(
      'invalid continue token: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)',
    );
    expect(refusal(token({ v: 'meta.k8s.io/v2', rv: 5, start: 'a' }))).toBe(
      'invalid continue token: continue key is not valid: server does not recognize this encoded version meta.k8s.io/v2',
    );
    expect(refusal(token({ rv: 5, start: 'a' }))).toBe(
      'invalid continue token: continue key is not valid: server does not recognize this encoded version ',
    );
    for (const start of ['/registry/secrets/', '../secrets/s', 'a/../../secrets', './a', 'a//b', 'a/', '..'])
      expect(refusal(token({ v, rv: 5, start }))).toBe(`invalid continue token: continue key is not valid: ${start}`);
    expect(refusal('a=b')).toBe(
      'invalid continue token: continue key is not valid: illegal base64 data at input byte 1',
    );
    expect(refusal('abcde')).toBe(
      'invalid continue token: continue key is not valid: illegal base64 data at input byte 4',
    );
    expect(refusal('%%%')).toMatch(/^invalid continue token: continue key is not valid: illegal base64 data/);
    expect(refusal(token('[1]'))).toBe(
      'invalid continue token: continue key is not valid: json: cannot unmarshal array into Go value of type storage.continueToken',
    );
    expect(refusal(token({ v, rv: '5', start: 'a' }))).toBe(
      'invalid continue token: continue key is not valid: json: cannot unmarshal string into Go struct field continueToken.rv of type int64',
    );
    expect(refusal(token({ v, rv: 1.5, start: 'a' }))).toMatch(/cannot unmarshal number 1.5 into Go struct field/);
    expect(refusal(token('{"v":'))).toBe(
      'invalid continue token: continue key is not valid: unexpected end of JSON input',
    );
    expect(refusal(token('null'))).toMatch(/server does not recognize this encoded version $/);
  });

  it('never yield a key outside the listed prefix, whatever the start key', () => {
    const pieces = ['', '/', '.', '..', 'a', '\0', '\uffff', '%2e', '~', ' '];
    for (const a of pieces)
      for (const b of pieces)
        for (const c of pieces) {
          const start = `${a}${b}/${c}`;
          try {
            const { startKey } = decodeContinue(token({ v: 'meta.k8s.io/v1', rv: 1, start }), PREFIX);
            expect(startKey.startsWith(PREFIX), start).toBe(true);
            expect(startKey.slice(PREFIX.length).split('/')).not.toContain('..');
          } catch (err) {
            expect((err as ApiError).code).toBe(400);
          }
        }
  });
});
