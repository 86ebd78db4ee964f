import { describe, expect, it } from 'vitest';
import { ClientError, TerminalError, isClientError, isTerminalError } from './errors.js';

describe('ClientError', () => {
  it('builds the message from the catalogue and keeps code, details and cause', () => {
    const cause = new Error('ENOENT');
    const err = new ClientError('ContextNotFound', { name: 'x' }, { cause });
    expect(err.message).toBe('context "x" does not exist');
    expect([err.code, err.details, err.cause, err.name]).toEqual([
      'ContextNotFound',
      { name: 'x' },
      cause,
      'ClientError',
    ]);
    expect(isClientError(err)).toBe(true);
    expect(isClientError(err, 'ContextNotFound')).toBe(true);
    expect(isClientError(err, 'NoServer')).toBe(false);
    expect(isClientError(new Error('x'))).toBe(false);
  });
});

describe('TerminalError', () => {
  it('is found directly or anywhere in a cause chain', () => {
    expect(isTerminalError(new TerminalError('no'))).toBe(true);
    expect(isTerminalError(new Error('a', { cause: new Error('b', { cause: new TerminalError('c') }) }))).toBe(true);
    expect(isTerminalError(new Error('plain'))).toBe(false);
    expect(isTerminalError('TerminalError')).toBe(false);
  });
});
