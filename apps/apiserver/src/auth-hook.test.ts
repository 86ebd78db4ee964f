/** The authentication/authorization hook point: runs before every handler and may refuse. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.test-support.js';

let t: TestServer;
const seen: string[] = [];
beforeAll(async () => {
  t = await startTestServer({
    authenticateAndAuthorize: async (req: FastifyRequest, reply: FastifyReply) => {
      seen.push(`${req.method} ${req.url}`);
      if (req.headers.authorization !== 'Bearer let-me-in') {
        await reply.code(401).send({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          message: 'Unauthorized',
          reason: 'Unauthorized',
          code: 401,
        });
      }
    },
  });
});
afterAll(async () => {
  await t?.stop();
});

describe('authenticateAndAuthorize', () => {
  it('sees every request and can refuse it with a Status before any handler runs', async () => {
    const refused = await t.req('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'nope' } });
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ kind: 'Status', reason: 'Unauthorized' });
    const ok = { authorization: 'Bearer let-me-in' };
    expect((await t.req('GET', '/api/v1/namespaces/default/configmaps/nope', undefined, ok)).status).toBe(404);
    expect(
      (
        await t.req(
          'POST',
          '/api/v1/namespaces/default/configmaps',
          { metadata: { name: 'yes' } },
          { ...ok, 'content-type': 'application/json' },
        )
      ).status,
    ).toBe(201);
    expect(seen).toEqual(
      expect.arrayContaining([
        'POST /api/v1/namespaces/default/configmaps',
        'GET /api/v1/namespaces/default/configmaps/nope',
      ]),
    );
  });
});
