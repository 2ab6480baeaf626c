import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApiServer } from '../../../src/api/index.js';
import type { TestRuntime } from '../../helpers/test-runtime.js';
import { openApiTestRuntime } from './api-runtime.js';

describe('/api/ready while a connection is lost', () => {
  let t: TestRuntime;
  let app: FastifyInstance;

  beforeAll(async () => {
    t = await openApiTestRuntime('ready');
    app = await buildApiServer(t.runtime);
  });
  afterAll(async () => {
    await app?.close();
    await t?.dispose();
  });

  it('answers 503 naming the lost server at once, and ready again once it is back', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/ready' })).statusCode).toBe(200);
    const lost = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
    t.runtime.readiness.markDown('redis', lost);
    const during = await app.inject({ method: 'GET', url: '/api/ready' });
    expect(during.statusCode).toBe(503);
    expect(during.json()).toEqual({ status: 'not_ready', error: 'redis: connect ECONNREFUSED 127.0.0.1:6379' });
    t.runtime.readiness.markUp('redis');
    expect((await app.inject({ method: 'GET', url: '/api/ready' })).statusCode).toBe(200);
  });
});
