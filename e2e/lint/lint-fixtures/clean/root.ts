// Fixture: the same two modules without the cycle. The lint test expects no error here.
import { leaf } from './leaf.js';

/** Names this module and its one import. */
export function root(): string {
  return `root then ${leaf()}`;
}
