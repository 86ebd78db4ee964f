/**
 * Node 20's HTTP/2 client calls `AsyncResource.prototype.bind` once per request
 * (`ClientHttp2Session.request` binds its pending-request callback), and that `bind` builds
 * two fresh `util.deprecate` wrappers for the deprecated `asyncResource` property of the
 * bound function (DEP0172) on every call. Building a wrapper sets a function's prototype,
 * which V8 makes slow: in the API server under 1,000 nodes' heartbeats it was 8% of the
 * process's CPU, more than the store client's own framing (docs/adr/0015).
 *
 * {@link installCheapAsyncResourceBind} replaces that method with one that behaves the same
 * for every caller (the bound function runs `fn` in the resource's async scope with the
 * same `this` and arguments, has `fn`'s length, and its `asyncResource` property reads and
 * writes the resource with DEP0172's warning), but whose `asyncResource` accessors are made
 * once for the process instead of per call.
 */
import { AsyncResource } from 'node:async_hooks';
import { deprecate } from 'node:util';

const RESOURCE = Symbol('asyncResource');
const INSTALLED = Symbol.for('wheelhouse.cheapAsyncResourceBind');

/** The deprecation warning Node gives when `asyncResource` is read or written, once per process. */
const warnDeprecated = deprecate(
  () => undefined,
  'The asyncResource property on bound functions is deprecated',
  'DEP0172',
);

type Bound = ((...args: unknown[]) => unknown) & { [RESOURCE]: AsyncResource };

const asyncResourceProperty: PropertyDescriptor = {
  configurable: true,
  enumerable: true,
  get(this: Bound) {
    warnDeprecated();
    return this[RESOURCE];
  },
  set(this: Bound, value: AsyncResource) {
    warnDeprecated();
    this[RESOURCE] = value;
  },
};

/** Node's AsyncResource#bind, with the per-call deprecate wrappers made once (see the module comment). */
function bind<F extends (...args: never[]) => unknown>(this: AsyncResource, fn: F, thisArg?: unknown): F {
  if (typeof fn !== 'function') {
    throw Object.assign(new TypeError(`The "fn" argument must be of type function. Received ${typeof fn}`), {
      code: 'ERR_INVALID_ARG_TYPE',
    });
  }
  const bound = bindTo(this, fn as unknown as (...a: unknown[]) => unknown, thisArg);
  // What `asyncResource` reads and writes; writing it does not change the scope `fn` runs in (as Node's).
  bound[RESOURCE] = this;
  Object.defineProperty(bound, 'length', { configurable: true, enumerable: false, value: fn.length, writable: false });
  Object.defineProperty(bound, 'asyncResource', asyncResourceProperty);
  return bound as unknown as F;
}

/** `fn` run in `resource`'s async scope, with the caller's `this` unless `thisArg` is given. */
function bindTo(resource: AsyncResource, run: (...a: unknown[]) => unknown, thisArg: unknown): Bound {
  const bound =
    thisArg === undefined
      ? function (this: unknown, ...args: unknown[]) {
          return resource.runInAsyncScope(run, this, ...args);
        }
      : Function.prototype.bind.call(AsyncResource.prototype.runInAsyncScope, resource, run, thisArg);
  return bound as Bound;
}

/** Installs the cheaper AsyncResource#bind once per process (idempotent). */
export function installCheapAsyncResourceBind(): void {
  const proto = AsyncResource.prototype as unknown as Record<symbol, boolean> & { bind: unknown };
  if (proto[INSTALLED]) return;
  proto.bind = bind;
  proto[INSTALLED] = true;
}
