/**
 * Watching Object.prototype in tests that feed client-shaped input with `__proto__` keys:
 * a canary property to see that nothing deletes from it, and its keys to see that nothing
 * is added to it. The in-process apiserver shares the test's Object.prototype.
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';

/** The property `installCanary` puts on Object.prototype (non-enumerable, so JSON never shows it). */
export const CANARY = 'wheelhouseTestCanary';

/**
 * Registers hooks for the enclosing suite (or file): CANARY goes on Object.prototype before its
 * tests, every test ends by checking Object.prototype has exactly the keys it had, and the
 * canary is removed after them.
 */
export function guardPrototype(): void {
  let removeCanary: (() => void) | undefined;
  let before: string[] = [];
  beforeAll(() => {
    removeCanary = installCanary();
    before = prototypeKeys();
  });
  afterEach(() => expectPrototypeUnchanged(before));
  afterAll(() => removeCanary?.());
}

/** Puts CANARY on Object.prototype; returns the function that removes it again. */
function installCanary(): () => void {
  Object.defineProperty(Object.prototype, CANARY, { value: 1, configurable: true, writable: true, enumerable: false });
  return () => {
    delete (Object.prototype as Record<string, unknown>)[CANARY];
  };
}

/** Object.prototype's own keys now, to hand to expectPrototypeUnchanged later. */
function prototypeKeys(): string[] {
  return Reflect.ownKeys(Object.prototype).map(String).sort();
}

/** Asserts Object.prototype has exactly the keys it had (`before`) and a fresh object inherits no `polluted`. */
function expectPrototypeUnchanged(before: readonly string[]): void {
  expect(prototypeKeys()).toEqual(before);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}
