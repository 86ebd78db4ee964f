// Fixture: the other half of the a.ts <-> b.ts cycle.
import { describeA } from './a.js';

/** Names this module; calls back into a only when asked to. */
export function describeB(deep = false): string {
  return deep ? describeA() : 'b';
}
