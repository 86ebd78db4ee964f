import { describe, expect, it } from 'vitest';
import { base64CorruptOffset } from './base64.js';
import { machineryError } from './errors.js';

describe('base64CorruptOffset (Go base64.StdEncoding.Decode)', () => {
  const accepted: [string, string][] = [
    ['the empty string', ''],
    ['a full quantum', 'YWJj'],
    ['one byte with == padding', 'YQ=='],
    ['two bytes with = padding', 'YWI='],
    ['several quanta', 'aGVsbG8gd29ybGQ='],
    ['newlines anywhere', 'YW\nJj\r\nYQ==\n'],
    ['stray bits in the last character (not strict)', 'YR=='],
  ];
  it.each(accepted)('accepts %s', (_name, text) => {
    expect(base64CorruptOffset(text)).toBeUndefined();
  });

  const refused: [string, string, number][] = [
    ['a character outside the alphabet', 'not base64!', 3],
    ['a short final quantum', 'abc', 0],
    ['one character after a full quantum', 'YWJjZ', 4],
    ['garbage after a full quantum', 'YWJj!', 4],
    ['padding after one character', 'Y===', 1],
    ['a missing second padding character', 'YQ=', 3],
    ['a wrong second padding character', 'YQ=x', 2],
    ['data after the padding', 'YQ==YQ==', 4],
    ['a multi-byte character, counted in UTF-8 bytes', 'YWJjé', 4],
    ['URL-safe characters', 'YW-_', 2],
  ];
  it.each(refused)('refuses %s', (_name, text, offset) => {
    expect(base64CorruptOffset(text)).toBe(offset);
  });

  it("renders Go's message", () => {
    expect(machineryError('Base64Corrupt', 3).message).toBe('illegal base64 data at input byte 3');
  });
});
