import { describe, expect, it } from 'vitest';
import type { ManagedFieldsEntry } from '@wheelhouse/api';
import { decodesAsManagedFields } from './managed-fields-decode.js';

const entry = (fieldsV1: unknown, extra: Partial<ManagedFieldsEntry> = {}): ManagedFieldsEntry => ({
  manager: 'm',
  operation: 'Update',
  apiVersion: 'v1',
  fieldsType: 'FieldsV1',
  fieldsV1: fieldsV1 as Record<string, unknown>,
  ...extra,
});
const decodes = (fieldsV1: unknown, extra: Partial<ManagedFieldsEntry> = {}): boolean =>
  decodesAsManagedFields([entry(fieldsV1, extra)]);

describe('decodesAsManagedFields (Kubernetes DecodeManagedFields)', () => {
  it('takes every kind of path element, and keys of kinds it skips', () => {
    expect(
      decodes({
        'f:spec': { 'f:containers': { 'k:{"name":"c"}': { '.': {}, 'f:image': {} } }, 'f:__proto__': {} },
        'f:metadata': { 'f:finalizers': { 'v:"a/b"': {} } },
        'f:list': { 'i:0': {}, 'i:-1': {} },
        'x:later': { anything: 1 },
        '.': 5,
      }),
    ).toBe(true);
    expect(decodesAsManagedFields([])).toBe(true);
    expect(decodes(undefined)).toBe(true);
  });

  it('refuses __proto__ and other keys without the colon second, as parsed JSON carries them', () => {
    expect(decodes(JSON.parse('{"__proto__":{"polluted":{}}}'))).toBe(false);
    expect(decodes(JSON.parse('{"f:data":{"__proto__":{}}}'))).toBe(false);
    expect(decodes({ f: {} })).toBe(false);
    expect(decodes({ spec: {} })).toBe(false);
  });

  it('refuses values that are not JSON where it needs them, and leaves that are not objects', () => {
    expect(decodes({ 'k:["c"]': {} })).toBe(false);
    expect(decodes({ 'k:{': {} })).toBe(false);
    expect(decodes({ 'v:': {} })).toBe(false);
    expect(decodes({ 'i:one': {} })).toBe(false);
    expect(decodes({ 'f:a': 1 })).toBe(false);
    expect(decodes({ 'f:a': [] })).toBe(false);
  });

  it('refuses entries without an operation Apply or Update, an apiVersion, or fieldsType FieldsV1', () => {
    expect(decodes({}, { operation: 'Patch' })).toBe(false);
    expect(decodes({}, { apiVersion: '' })).toBe(false);
    expect(decodes({}, { fieldsType: '' })).toBe(false);
    expect(decodesAsManagedFields([{}])).toBe(false);
  });
});
