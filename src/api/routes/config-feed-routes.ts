import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FeedConfig } from '../../config/index.js';
import { editVersion, findActiveVersionId, loadVersionContent } from '../../config-versions/index.js';
import { ApiError } from '../api-error.js';
import type { ApiDeps } from '../api-deps.js';
import { authErrors } from '../schemas/common-schemas.js';

/** Documented loosely: the shapes are the config-versions module's own types. */
const okOrError = { 200: z.unknown(), 201: z.unknown(), ...authErrors };
import { asConfigRequest } from './config-routes.js';

const operators = { auth: { permission: 'config:read' as const } };

/** Fields of a feed that name an environment variable holding a secret. */
const SECRET_FIELDS = ['token_env', 'secret_env'] as const;

/**
 * A feed as the editors show it. Credentials are never stored in config, only the name of the
 * environment variable that holds them; this says which variable and whether this process has it,
 * never its value.
 */
export function feedView(feed: FeedConfig, env: NodeJS.ProcessEnv = process.env) {
  const record = feed as unknown as Record<string, unknown>;
  return {
    name: feed.name,
    kind: feed.kind,
    enabled: feed.enabled,
    interval: feed.interval,
    affiliation: feed.affiliation ?? null,
    credentials: SECRET_FIELDS.filter((f) => typeof record[f] === 'string').map((f) => ({
      field: f,
      variable: record[f] as string,
      set: Boolean(env[record[f] as string]),
    })),
  };
}

/** The editable base: the version named, or the active one. */
export async function baseVersion(db: ApiDeps['runtime']['database']['db'], base: number | undefined): Promise<number> {
  const id = base ?? (await findActiveVersionId(db));
  if (id === undefined) throw new ApiError('NOT_FOUND', 'no config version yet');
  return id;
}

/** Feeds and source affiliations, managed as config versions like everything else. */
export const configFeedRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const db = deps.runtime.database.db;

  app.get(
    '/api/config/feeds',
    {
      config: operators,
      schema: {
        tags: ['config'],
        description: 'Feeds of a version (default: active) with their credential variables (never values) and account affiliations.',
        querystring: z.object({ version: z.coerce.number().int().min(1).optional() }),
        response: okOrError,
      },
    },
    async (request) => {
      const id = await baseVersion(db, request.query.version);
      const content = await loadVersionContent(db, id);
      return { version: id, feeds: content.feeds.feeds.map((f) => feedView(f)), accounts: content.feeds.accounts ?? [] };
    },
  );

  app.patch(
    '/api/config/feeds/:name',
    {
      config: operators,
      schema: {
        tags: ['config'],
        description: 'Enable, disable, re-time or re-label a feed: stored as a new draft version.',
        params: z.object({ name: z.string().min(1).max(120) }),
        body: z.object({
          base: z.number().int().min(1).optional(),
          enabled: z.boolean().optional(),
          interval: z.string().max(20).optional(),
          affiliation: z.string().max(120).nullable().optional(),
          comment: z.string().max(1000).optional(),
        }),
        response: okOrError,
      },
    },
    async (request, reply) =>
      asConfigRequest(async () => {
        const { base, comment, ...change } = request.body;
        const draft = await editVersion(db, await baseVersion(db, base), [{ op: 'feed.update', name: request.params.name, ...change }], {
          author: request.principal!.user.email,
          comment: comment ?? `feed ${request.params.name}`,
          source: 'api',
        });
        return reply.code(draft.created ? 201 : 200).send(draft);
      }),
  );
};
