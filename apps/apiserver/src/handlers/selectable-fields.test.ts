import { describe, expect, it } from 'vitest';
import type { ApiObject } from '@wheelhouse/api';
import { deepFreeze } from '@wheelhouse/machinery';
import { selectableFieldsOf } from './selectable-fields.js';

function counting(): { calls: () => number; fields: (o: ApiObject) => Record<string, string> } {
  let calls = 0;
  return {
    calls: () => calls,
    fields: (o) => {
      calls++;
      return { 'metadata.name': o.metadata.name ?? '' };
    },
  };
}

describe('selectableFieldsOf', () => {
  it('computes the values of a frozen object once, and shares them frozen', () => {
    const c = counting();
    const pod = deepFreeze({ metadata: { name: 'a' } }) as ApiObject;
    const first = selectableFieldsOf(c.fields, pod);
    expect(selectableFieldsOf(c.fields, pod)).toBe(first);
    expect(first).toEqual({ 'metadata.name': 'a' });
    expect(Object.isFrozen(first)).toBe(true);
    expect(c.calls()).toBe(1);
  });

  it('computes them afresh for an object that may still change', () => {
    const c = counting();
    const pod: ApiObject = { metadata: { name: 'a' } };
    expect(selectableFieldsOf(c.fields, pod)).toEqual({ 'metadata.name': 'a' });
    pod.metadata.name = 'b';
    expect(selectableFieldsOf(c.fields, pod)).toEqual({ 'metadata.name': 'b' });
    expect(c.calls()).toBe(2);
  });

  it('keeps the values of each function apart (versions may select on different fields)', () => {
    const pod = deepFreeze({ metadata: { name: 'a' } }) as ApiObject;
    const other = (o: ApiObject): Record<string, string> => ({ 'metadata.name': `${o.metadata.name}!` });
    expect(selectableFieldsOf(counting().fields, pod)).toEqual({ 'metadata.name': 'a' });
    expect(selectableFieldsOf(other, pod)).toEqual({ 'metadata.name': 'a!' });
  });
});
