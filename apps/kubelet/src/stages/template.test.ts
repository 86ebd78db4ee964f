import { describe, expect, it } from 'vitest';
import type { Scope } from './expression-eval.js';
import { BUILTIN_FUNCTIONS } from './functions.js';
import { compileTemplate } from './template.js';

const ctx = { functions: new Set(Object.keys(BUILTIN_FUNCTIONS)) };
const root = {
  spec: {
    containers: [
      { name: 'a', image: 'nginx' },
      { name: 'b', image: 'redis' },
    ],
  },
};
const scope: Scope = { root, vars: { now: '2026-01-01T00:00:00Z' }, functions: BUILTIN_FUNCTIONS };

describe('templates', () => {
  it('keeps the type of a whole placeholder and interpolates text', () => {
    const render = compileTemplate({ n: '{{ len(.spec.containers) }}', s: 'at {{ $now }}!', plain: 1 }, 'f', ctx);
    expect(render(scope)).toEqual({ n: 2, s: 'at 2026-01-01T00:00:00Z!', plain: 1 });
  });

  it('renders $each per item and $if branches, leaving out undefined fields', () => {
    const render = compileTemplate(
      {
        statuses: { $each: '.spec.containers', $do: { name: '{{ $item.name }}', i: '{{ $index }}' } },
        none: { $each: '.spec.initContainers', $do: { name: 'x' } },
        gone: '{{ .nothing }}',
        list: [
          { $if: 'len(.spec.containers) > 5', $then: 'many' },
          { $each: '.spec.containers[].image', $do: '{{ $item }}' },
          'z',
        ],
        pick: { $if: 'false', $then: 1, $else: 2 },
      },
      'f',
      ctx,
    );
    expect(render(scope)).toEqual({
      statuses: [
        { name: 'a', i: 0 },
        { name: 'b', i: 1 },
      ],
      list: ['nginx', 'redis', 'z'],
      pick: 2,
    });
  });

  it('names the field of a bad expression or an unknown function', () => {
    expect(() => compileTemplate({ a: [{ b: '{{ .x. }}' }] }, 'spec.next.status', ctx)).toThrow(
      /^spec\.next\.status\.a\[0\]\.b: expression/,
    );
    expect(() => compileTemplate({ a: '{{ nope(1) }}' }, 'f', ctx)).toThrow(
      'f.a: unknown function nope in " nope(1) "',
    );
    expect(() => compileTemplate({ $each: '.a', $do: 1, extra: 2 }, 'f', ctx)).toThrow('f.extra: not allowed here');
  });
});
