import { describe, expect, it } from 'vitest';
import { ruleEnvironment } from './environment.js';

const run = (expr: string): unknown => ruleEnvironment().env.evaluate(expr, {});

describe('the format library', () => {
  it("validates named formats: none for a valid string, apimachinery's messages otherwise", () => {
    expect(run('format.dns1123Label().validate("web-1").hasValue()')).toBe(false);
    expect(run('format.dns1123Label().validate("Web_1").value()')).toEqual([
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
    ]);
    expect(run('format.dns1123SubdomainPrefix().validate("web-").hasValue()')).toBe(false);
    expect(run('format.dns1123Subdomain().validate("web-").hasValue()')).toBe(true);
    expect(run('format.uuid().validate("nope").value()')).toEqual(['does not match the UUID format']);
    expect(run('format.byte().validate("!!").value()')).toEqual(['invalid base64']);
    expect(run('format.datetime().validate("2024-02-30T00:00:00Z").value()')).toEqual(['invalid datetime']);
    expect(run('format.labelValue().validate("a b").hasValue()')).toBe(true);
    expect(run('format.qualifiedName().validate("example.com/name").hasValue()')).toBe(false);
  });

  it('looks formats up by name, none for an unknown one', () => {
    expect(run('format.named("dns1035Label").value().validate("1abc").hasValue()')).toBe(true);
    expect(run('format.named("nope").hasValue()')).toBe(false);
  });
});
