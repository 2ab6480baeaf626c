import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../../src/api/index.js';
import type { TestRuntime } from '../../helpers/test-runtime.js';
import { login, seedUsers } from './api-fixtures.js';
import { openApiTestRuntime } from './api-runtime.js';

/** The API reference is readable in the browser, rendered from the same OpenAPI document as /api/docs. */
let t: TestRuntime;
let app: FastifyInstance;

beforeAll(async () => {
  t = await openApiTestRuntime('apidocspage');
  app = await buildApiServer(t.runtime, { loginRateLimit: { max: 1000, timeWindow: 60_000 } });
});

afterAll(async () => {
  await app?.close();
  await t?.dispose();
});

describe('rendered API docs', () => {
  it('lists every documented route of the OpenAPI document, grouped by tag, with the raw JSON one click away', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/docs' })).json() as { paths: Record<string, Record<string, unknown>> };
    const response = await app.inject({ method: 'GET', url: '/docs' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    const page = response.body;
    expect(page).toContain('<a href="/api/docs" id="raw-openapi">Raw OpenAPI JSON</a>');
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `<span class="method m-${method}">${method.toUpperCase()}</span> <code class="path">${path}</code>`),
    );
    expect(operations.length).toBeGreaterThan(20);
    for (const operation of operations) expect(page).toContain(operation);
    expect(page).toContain('<section class="api-tag" id="tag-alerts">');
    // Body fields of a write route, with their types.
    expect(page).toMatch(/<td><code>note<\/code>[^]*?<td>body<\/td><td><code>string<\/code>/);
    // The page runs no script of its own: only the shared app.js.
    expect(page.match(/<script/g)).toHaveLength(1);
  });

  it("is what the signed-in header's API link opens", async () => {
    const users = await seedUsers(t.runtime.database.db);
    const session = await login(app, users.reviewer);
    const queue = await app.inject({ method: 'GET', url: '/alerts', headers: { cookie: session.cookie } });
    expect(queue.body).toContain('<a href="/docs">API</a>');
    const docs = await app.inject({ method: 'GET', url: '/docs', headers: { cookie: session.cookie } });
    expect(docs.body).toContain('reviewer@example.org');
  });
});
