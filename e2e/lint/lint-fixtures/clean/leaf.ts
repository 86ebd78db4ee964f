// Fixture: a module with no imports.

/** Names this module. */
export function leaf(): string {
  return 'leaf';
}
