import { describe, expect, it } from 'vitest';
import type { ApiError } from '../errors.js';
import { checkShape, decodeBody, MAX_BODY_BYTES } from './body.js';

function codeOf(fn: () => unknown): number | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    return (err as ApiError).code;
  }
}

describe('decoded body bounds', () => {
  it('measure a document as its JSON text, stopping at 3 MiB whatever shares what', () => {
    const doc = { kind: 'ConfigMap', data: { a: 'x'.repeat(1000), n: [1, true, null] } };
    expect(() => checkShape(doc)).not.toThrow();
    // A JSON body just under the limit passes: the measure does not overcount it by much.
    const near = { data: { a: 'y'.repeat(MAX_BODY_BYTES - 64) } };
    expect(JSON.stringify(near).length).toBeLessThan(MAX_BODY_BYTES);
    expect(() => checkShape(near)).not.toThrow();
    const shared = 'z'.repeat(1024 * 1024);
    expect(codeOf(() => checkShape({ a: [shared, shared, shared, shared] }))).toBe(413);
  });

  it('refuse YAML aliases past the bound with 413, the classic alias bomb included', () => {
    const amp = `a: &s "${'x'.repeat(100_000)}"\nb: [${Array(40).fill('*s').join(',')}]\n`;
    expect(codeOf(() => decodeBody(Buffer.from(amp), 'application/yaml'))).toBe(413);
    const fine = `a: &s "${'x'.repeat(100_000)}"\nb: [${Array(20).fill('*s').join(',')}]\n`;
    expect(codeOf(() => decodeBody(Buffer.from(fine), 'application/yaml'))).toBeUndefined();
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 8; i++) {
      const prev = String.fromCharCode(96 + i);
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${prev}`).join(',')}]`,
      );
    }
    expect(codeOf(() => decodeBody(Buffer.from(levels.join('\n')), 'application/yaml'))).toBe(413);
  });

  it('refuse nesting past 1000 levels in JSON and YAML with 400', () => {
    expect(codeOf(() => decodeBody(Buffer.from(`${'['.repeat(1002)}${']'.repeat(1002)}`), 'application/json'))).toBe(
      400,
    );
    expect(
      codeOf(() => decodeBody(Buffer.from(`${'['.repeat(1001)}${']'.repeat(1001)}`), 'application/json')),
    ).toBeUndefined();
    expect(
      codeOf(() => decodeBody(Buffer.from(`a: ${'['.repeat(20_000)}${']'.repeat(20_000)}`), 'application/yaml')),
    ).toBe(400);
  });
});
