import { describe, expect, it } from 'vitest';
import { compileSchema, parseField } from './descriptor.js';
import { decodeEnvelope } from './envelope.js';
import { GoJsonWriter, formatGoTime } from './go-json.js';
import { isMachineryError } from '../errors.js';

describe('parseField', () => {
  it('reads the descriptor syntax', () => {
    expect(parseField('T', 'replicas=1:*i32')).toMatchObject({
      json: 'replicas',
      id: 1,
      type: 'int32',
      pointer: true,
      always: false,
    });
    expect(parseField('T', 'containers=2:[]Container!')).toMatchObject({
      type: 'Container',
      repeated: true,
      always: true,
    });
    expect(parseField('T', 'data=2:{}bytes')).toMatchObject({ type: 'bytes', map: true });
    expect(parseField('T', '-=1:LocalObjectReference')).toMatchObject({ json: '-', prop: 'inline1' });
    expect(parseField('T', 'name=1')).toMatchObject({ type: 'string', pointer: false });
    expect(() => parseField('T', 'bad')).toThrow('protobuf descriptor T: cannot parse field "bad"');
  });
});

describe('GoJsonWriter', () => {
  const schema = compileSchema({
    Inner: 'name=1',
    Outer:
      'a=1:i32 b=2:*i32 c=3:i32! d=4:*s! e=5:[]s f=6:[]s! g=7:{}s h=8:Inner i=9:*Inner -=10:Inner j=11:bytes k=12:i64',
  });
  const writer = new GoJsonWriter(schema);
  const decode = (m: Record<string, unknown>) =>
    writer.message('Outer', schema.type('Outer').decode(schema.type('Outer').encode(m).finish()) as never);

  it('drops omitempty zeros, keeps pointers set to zero, always writes non-omitempty fields', () => {
    expect(decode({ a: 0, b: 0 })).toEqual({ b: 0, c: 0, d: null, f: null, h: {} });
    expect(
      decode({
        a: 3,
        e: ['x'],
        g: { z: '1', y: '2' },
        i: { name: 'n' },
        inline10: { name: 'in' },
        j: Buffer.from('hi'),
        k: 2 ** 40,
      }),
    ).toEqual({
      a: 3,
      c: 0,
      d: null,
      e: ['x'],
      f: null,
      g: { y: '2', z: '1' },
      h: {},
      i: { name: 'n' },
      name: 'in',
      j: 'aGk=',
      k: 2 ** 40,
    });
  });

  it('writes map keys sorted, as encoding/json does', () => {
    expect(Object.keys((decode({ g: { z: '1', a: '2', m: '3' } }) as { g: object }).g)).toEqual(['a', 'm', 'z']);
  });
});

describe('formatGoTime', () => {
  it('formats RFC 3339 with and without microseconds', () => {
    expect(formatGoTime(0, 0, 0)).toBe('1970-01-01T00:00:00Z');
    expect(formatGoTime(1_700_000_000, 5_000, 6)).toBe('2023-11-14T22:13:20.000005Z');
  });
});

describe('decodeEnvelope', () => {
  it('needs the k8s magic', () => {
    try {
      decodeEnvelope(Buffer.from('k8s'));
      throw new Error('decoded');
    } catch (err) {
      expect(isMachineryError(err, 'ProtobufPrefix')).toBe(true);
    }
  });
});
