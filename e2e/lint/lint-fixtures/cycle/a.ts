// Fixture: half of a runtime import cycle (a.ts <-> b.ts). The lint test expects import-x/no-cycle to fire.
import { describeB } from './b.js';

/** Names this module, through b. */
export function describeA(): string {
  return `a then ${describeB()}`;
}
