import { AsyncResource, executionAsyncId } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { installCheapAsyncResourceBind } from './async-resource-bind.js';

installCheapAsyncResourceBind();

describe('the cheaper AsyncResource#bind', () => {
  it('runs the function in the resource async scope with the caller this and arguments', () => {
    const resource = new AsyncResource('Test');
    const seen: unknown[] = [];
    const bound = resource.bind(function (this: unknown, a: number, b: number) {
      seen.push(executionAsyncId(), this, a + b);
      return 'done';
    });
    const self = { name: 'caller' };
    expect(bound.call(self, 2, 3)).toBe('done');
    expect(seen).toEqual([resource.asyncId(), self, 5]);
    expect(bound.length).toBe(2);
  });

  it('binds thisArg when given, as Node does', () => {
    const resource = new AsyncResource('Test');
    const target = { n: 1 };
    // thisArg is Node's, though @types/node no longer lists it.
    const bindWithThis = resource.bind.bind(resource) as unknown as (fn: unknown, thisArg: unknown) => () => unknown;
    const bound = bindWithThis(function (this: { n: number }) {
      return [this, executionAsyncId()];
    }, target);
    expect(bound()).toEqual([target, resource.asyncId()]);
  });

  it('keeps the deprecated asyncResource property, with its DEP0172 warning', async () => {
    const resource = new AsyncResource('Test');
    const bound = resource.bind(() => 1) as unknown as { asyncResource: AsyncResource };
    const warned = new Promise<Error>((resolve) => process.once('warning', resolve));
    expect(bound.asyncResource).toBe(resource);
    const other = new AsyncResource('Other');
    bound.asyncResource = other;
    expect(bound.asyncResource).toBe(other);
    expect((await warned) as Error & { code?: string }).toMatchObject({ code: 'DEP0172' });
  });

  it('refuses a non-function as Node does', () => {
    const resource = new AsyncResource('Test');
    expect(() => resource.bind(42 as unknown as () => void)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARG_TYPE' }),
    );
  });

  it('is installed once', () => {
    const before = AsyncResource.prototype.bind;
    installCheapAsyncResourceBind();
    expect(AsyncResource.prototype.bind).toBe(before);
  });
});
