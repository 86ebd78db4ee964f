/** The store and API server this package's tests run against (see @wheelhouse/testing's startTestApi). */
import { buildApiServer } from '@wheelhouse/apiserver';
import { startTestApi as startApi, type TestApi } from '@wheelhouse/testing';

export type { TestApi };

/** Starts the store and an in-process API server on free loopback ports; the client does not retry. */
export function startTestApi(): Promise<TestApi> {
  return startApi(buildApiServer, { maxRetries: 0 });
}
