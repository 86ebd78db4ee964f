import { describe, expect, it } from 'vitest';
import { evaluate, evaluateAll, type Scope } from './expression-eval.js';
import { parseExpression } from './expression-parser.js';
import { BUILTIN_FUNCTIONS } from './functions.js';

const pod = {
  metadata: { name: 'web', annotations: { 'sim.wheelhouse.dev/run-seconds': '5' }, ownerReferences: [{ kind: 'Job' }] },
  spec: { containers: [{ name: 'a', readinessProbe: { initialDelaySeconds: 3 } }, { name: 'b' }] },
  status: {
    phase: 'Running',
    conditions: [
      { type: 'Initialized', status: 'True' },
      { type: 'Ready', status: 'False' },
    ],
    containerStatuses: [{ name: 'a', ready: false, restartCount: 2 }],
  },
};

function scope(vars: Record<string, unknown> = {}): Scope {
  return { root: pod, vars: { nowMs: Date.parse('2026-01-01T00:00:10Z'), ...vars }, functions: BUILTIN_FUNCTIONS };
}

const ev = (src: string, vars?: Record<string, unknown>): unknown => evaluate(parseExpression(src), scope(vars));

describe('expressions', () => {
  it('reads paths, quoted keys and indexes', () => {
    expect(ev('.status.phase')).toBe('Running');
    expect(ev('.metadata.annotations["sim.wheelhouse.dev/run-seconds"]')).toBe('5');
    expect(ev('.spec.containers[1].name')).toBe('b');
    expect(ev('.status.missing.deeper')).toBeUndefined();
  });

  it('picks a list element by field and maps over all elements with []', () => {
    expect(ev('.status.conditions[type=Ready].status')).toBe('False');
    expect(ev('.spec.containers[].name')).toEqual(['a', 'b']);
    expect(ev('.spec.containers[].readinessProbe.initialDelaySeconds')).toEqual([3]);
    expect(evaluateAll(parseExpression('.spec.containers[].readinessProbe'), scope())).toHaveLength(1);
    expect(evaluateAll(parseExpression('.metadata.deletionTimestamp'), scope())).toEqual([]);
  });

  it('computes with operators, defaults and conditionals', () => {
    expect(ev('(num(.metadata.annotations["sim.wheelhouse.dev/run-seconds"]) ?? 2) * 1000')).toBe(5000);
    expect(ev('int(.metadata.annotations["x"]) ?? 7')).toBe(7);
    expect(ev('.status.phase == "Running" ? "yes" : "no"')).toBe('yes');
    expect(ev('!has(.metadata.ownerReferences[].kind, "Job") || 1 > 2')).toBe(false);
    expect(ev('min(10000 * pow(2, .status.containerStatuses[0].restartCount - 1), 300000)')).toBe(20000);
    expect(ev('"a" + 1')).toBe('a1');
    expect(ev('-3 + 10 % 4')).toBe(-1);
    expect(ev('$x.y', { x: { y: 4 } })).toBe(4);
    expect(ev('len(.spec.containers) == "2"')).toBe(true);
    expect(ev('.metadata.nothing == null')).toBe(true);
    expect(ev('num(.metadata.nothing) != null')).toBe(false);
    expect(ev('msSince("2026-01-01T00:00:00Z")')).toBe(10_000);
    expect(ev('join(.spec.containers[].name, " ")')).toBe('a b');
    expect(ev('.spec.initContainers[].name + .spec.containers[].name')).toEqual(['a', 'b']);
    expect(ev('.spec.containers[0].name + .spec.containers[].name')).toBe('aa,b');
    expect(ev('.spec.containers[].name + 1')).toEqual(['a', 'b', 1]);
    expect(ev('set(.status.containerStatuses[0], "ready", true).ready')).toBe(true);
    expect(pod.status.containerStatuses[0]!.ready).toBe(false);
  });

  it("prints durations as Go does, as in the kubelet's back-off messages", () => {
    expect([10, 40, 80, 160, 300, 3600, 0.5].map((s) => ev(`duration(${s})`))).toEqual([
      '10s',
      '40s',
      '1m20s',
      '2m40s',
      '5m0s',
      '1h0m0s',
      '500ms',
    ]);
  });

  it('refuses bad syntax with the position', () => {
    expect(() => parseExpression('.status.')).toThrow(/expected a field name, found end of expression at position 9/);
    expect(() => parseExpression('phase')).toThrow(/unknown name "phase"/);
    expect(() => parseExpression('"open')).toThrow(/unterminated string at position 1/);
    expect(() => parseExpression('1 +')).toThrow(/unexpected end of expression/);
    expect(() => parseExpression('a # b')).toThrow(/unexpected character "#"/);
  });
});
