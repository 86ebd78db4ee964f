/** Assertions on the API errors a call rejects with. */
import { expect } from 'vitest';
import { ApiError } from './errors.js';

/** The ApiError `p` rejects with (fails the test when it resolves or rejects otherwise). */
export async function refusal(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}
