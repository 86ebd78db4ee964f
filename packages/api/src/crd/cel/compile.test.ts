import { describe, expect, it } from 'vitest';
import { compileRule } from './compile.js';
import { UNIMPLEMENTED_KUBERNETES_FUNCTIONS } from './environment.js';

describe('compileRule', () => {
  it('compiles rules, noting transition rules', () => {
    expect(compileRule({ rule: 'self.a == oldSelf.a' })).toMatchObject({ error: undefined, usesOldSelf: true });
    expect(compileRule({ rule: 'has(self.a) && self.a.size() < 5' })).toMatchObject({ usesOldSelf: false });
  });

  it('reports syntax errors with cel-go position and snippet', () => {
    expect(compileRule({ rule: 'self.a ==' }).error).toBe(
      'compilation failed: ERROR: <input>:1:10: Syntax error: Unexpected token: EOF\n | self.a ==\n | .........^',
    );
  });

  it('names a Kubernetes library function Wheelhouse does not implement, never skipping the rule', () => {
    expect(UNIMPLEMENTED_KUBERNETES_FUNCTIONS.has('optMap')).toBe(true);
    expect(compileRule({ rule: 'optional.of(self.a).optMap(a, a + 1).hasValue()' }).error).toBe(
      "compilation failed: ERROR: <input>:1:27: function 'optMap' is a Kubernetes CEL library function that Wheelhouse does not implement\n | optional.of(self.a).optMap(a, a + 1).hasValue()\n | ..........................^",
    );
    for (const name of ['format.dns1123Label', 'format.named', 'isCanonical', 'masked'])
      expect(UNIMPLEMENTED_KUBERNETES_FUNCTIONS.has(name), name).toBe(false);
    expect(compileRule({ rule: '!format.dns1123Label().validate(self.name).hasValue()' }).error).toBeUndefined();
  });

  it("reports unknown functions as cel-go's undeclared reference, at the call's parenthesis", () => {
    expect(compileRule({ rule: 'frobnicate(self.a)' }).error).toBe(
      "compilation failed: ERROR: <input>:1:11: undeclared reference to 'frobnicate' (in container '')\n | frobnicate(self.a)\n | ..........^",
    );
  });

  it('refuses functions of later Kubernetes versions as kube 1.32 does (math, base64, semver, list extensions)', () => {
    expect(compileRule({ rule: 'math.greatest(self.a, 1) == 1' }).error).toBe(
      "compilation failed: ERROR: <input>:1:1: undeclared reference to 'math' (in container '')\n | math.greatest(self.a, 1) == 1\n | ^\n" +
        "ERROR: <input>:1:14: undeclared reference to 'greatest' (in container '')\n | math.greatest(self.a, 1) == 1\n | .............^",
    );
    expect(compileRule({ rule: 'self.tags.sort() == self.tags' }).error).toContain(
      "ERROR: <input>:1:15: undeclared reference to 'sort' (in container '')",
    );
    expect(compileRule({ rule: "isSemver(self.v) && base64.decode(self.b) == b''" }).error).toContain(
      "ERROR: <input>:1:9: undeclared reference to 'isSemver' (in container '')",
    );
  });

  it('requires a bool rule and a string messageExpression', () => {
    expect(compileRule({ rule: '1 + 2' }).error).toBe('cel expression must evaluate to a bool');
    expect(compileRule({ rule: 'true', messageExpression: '42' }).messageError).toBe(
      'messageExpression must evaluate to a string',
    );
  });

  it('compiles a rule text once but answers each rule object with its own message, reason and fieldPath', () => {
    const first = { rule: 'self.size() > 0', message: 'first' };
    const second = { rule: 'self.size() > 0', message: 'second', reason: 'FieldValueForbidden' };
    const a = compileRule(first);
    const b = compileRule(second);
    expect(b.program).toBe(a.program);
    expect(a.rule).toBe(first);
    expect(b.rule).toBe(second);
    expect(compileRule(first)).toBe(a);
    // A changed rule (a new CRD generation brings new objects) compiles its own text.
    expect(compileRule({ ...first, rule: 'self.size() >' }).error).toMatch(/^compilation failed: /);
    expect(compileRule({ ...first, messageExpression: '1' }).messageError).toBe(
      'messageExpression must evaluate to a string',
    );
  });
});
