import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { analyzePost } from '../../analysis/index.js';
import { contentToFiles, durationSchema, durationToMs, parseConfigFiles } from '../../config/index.js';
import {
  activateVersion,
  activeSide,
  backtest,
  compileDraft,
  configEditSchema,
  createVersion,
  diffVersions,
  editVersion,
  findActiveVersionId,
  listVersions,
  loadVersionConfig,
  loadVersionContent,
  requireVersion,
  rollbackVersion,
  validateContent,
  type ActiveConfig,
} from '../../config-versions/index.js';
import { isPlacewatchError } from '../../errors.js';
import { ApiError } from '../api-error.js';
import type { ApiDeps } from '../api-deps.js';
import { authErrors } from '../schemas/common-schemas.js';

/** Documented loosely: the shapes are the config-versions module's own types. */
const okOrError = { 200: z.unknown(), 201: z.unknown(), ...authErrors };

/** Config is the operators' (and admins'): reading and changing it alike. */
const operators = { auth: { permission: 'config:read' as const } };
const versionParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });
const comment = z.string().trim().max(1000).optional();
const sinceField = durationSchema.default('7d');

/**
 * Largest config upload (API import, or the UI's pasted bundle): a whole exported config with large
 * lexicons is a few hundred KB, far above the 64 KiB every other route takes.
 */
export const CONFIG_IMPORT_MAX_BYTES = 8 * 1024 * 1024;

/** Runs config work and turns a config that does not validate into a 400 naming every problem. */
export async function asConfigRequest<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isPlacewatchError(error) && error.code === 'CONFIG_INVALID') throw new ApiError('INPUT_INVALID', error.message);
    throw error;
  }
}

/** The deployment's announcer: activations reach every process over Redis at once. */
export function announcerOf(deps: ApiDeps) {
  return { redis: deps.runtime.redis, prefix: deps.runtime.queuePrefix };
}

/** Versions, drafts, edits, activation, rollback, backtest, import/export and "try a text" (JSON API). */
export const configRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const db = deps.runtime.database.db;
  const configDir = () => deps.runtime.config.current.config.dir;
  const actor = (request: { principal: { user: { email: string } } | null }) => request.principal!.user.email;
  // Compiling costs tens of ms: the last few versions tried are kept; the active one is the workers'.
  const compiled = new Map<number, ActiveConfig>();
  const compiledVersion = async (id: number | undefined): Promise<ActiveConfig> => {
    const current = deps.runtime.config.current;
    if (id === undefined || current.config.version === String(id)) return current;
    let side = compiled.get(id);
    if (!side) {
      side = compileDraft(await loadVersionConfig(db, id, configDir()));
      compiled.set(id, side);
      if (compiled.size > 4) compiled.delete(compiled.keys().next().value!);
    }
    return side;
  };

  app.get(
    '/api/config/versions',
    {
      config: operators,
      schema: { tags: ['config'], description: 'Config versions, newest first.', response: okOrError },
    },
    async () => ({ versions: await listVersions(db, 500) }),
  );

  app.get(
    '/api/config/versions/:id',
    {
      config: operators,
      schema: { tags: ['config'], params: versionParams, response: okOrError },
    },
    async (request) => {
      const stored = await requireVersion(db, request.params.id);
      return { ...stored, validation: validateContent(stored.content, `version ${stored.id}`) };
    },
  );

  app.get(
    '/api/config/versions/:id/diff',
    {
      config: operators,
      schema: {
        tags: ['config'],
        description: 'Changes from `against` (default: the parent) to this version.',
        params: versionParams,
        querystring: z.object({ against: z.coerce.number().int().min(1).optional() }),
        response: okOrError,
      },
    },
    async (request) => {
      const stored = await requireVersion(db, request.params.id);
      const againstId = request.query.against ?? stored.parentId;
      const against = againstId ? await requireVersion(db, againstId) : null;
      return { from: against?.id ?? null, to: stored.id, changes: diffVersions(against?.content ?? {}, stored.content) };
    },
  );

  app.get(
    '/api/config/versions/:id/export',
    {
      config: operators,
      schema: { tags: ['config'], description: 'The version as YAML files (the config/ layout).', params: versionParams, response: okOrError },
    },
    async (request) => ({ files: contentToFiles(await loadVersionContent(db, request.params.id)) }),
  );

  app.post(
    '/api/config/import',
    {
      config: operators,
      bodyLimit: CONFIG_IMPORT_MAX_BYTES,
      schema: {
        tags: ['config'],
        description: 'Store YAML files (by path: places.yaml, lexicon/en.yaml…) as a new draft.',
        body: z.object({ files: z.record(z.string().max(200), z.string().max(2_000_000)), comment }),
        response: okOrError,
      },
    },
    async (request, reply) =>
      asConfigRequest(async () => {
        const content = parseConfigFiles(request.body.files, 'import');
        const draft = await createVersion(db, { content, author: actor(request), comment: request.body.comment ?? null, source: 'import' });
        return reply.code(draft.created ? 201 : 200).send(draft);
      }),
  );

  app.post(
    '/api/config/versions/:id/edits',
    {
      config: operators,
      schema: {
        tags: ['config'],
        description: 'Apply edits to version :id and store the result as a new draft.',
        params: versionParams,
        body: z.object({ edits: z.array(configEditSchema).min(1).max(200), comment }),
        response: okOrError,
      },
    },
    async (request, reply) =>
      asConfigRequest(async () => {
        const draft = await editVersion(db, request.params.id, request.body.edits, { author: actor(request), comment: request.body.comment, source: 'api' });
        return reply.code(draft.created ? 201 : 200).send(draft);
      }),
  );

  app.post(
    '/api/config/versions/:id/activate',
    {
      config: operators,
      schema: { tags: ['config'], params: versionParams, response: okOrError },
    },
    async (request) => asConfigRequest(() => activateVersion(db, request.params.id, { actor: actor(request), announce: announcerOf(deps) })),
  );

  app.post(
    '/api/config/rollback',
    {
      config: operators,
      schema: { tags: ['config'], description: 'Return to the version active before the current one.', response: okOrError },
    },
    async (request) => rollbackVersion(db, { actor: actor(request), announce: announcerOf(deps) }),
  );

  app.post(
    '/api/config/versions/:id/backtest',
    {
      config: operators,
      schema: {
        tags: ['config'],
        description: 'Rescore stored posts with version :id and the active version; the alerts it would add and remove.',
        params: versionParams,
        body: z.object({ since: sinceField, limit: z.number().int().min(1).max(200_000).optional() }).default({ since: '7d' }),
        response: okOrError,
      },
    },
    async (request) =>
      asConfigRequest(async () => {
        const draft = await compiledVersion(request.params.id);
        return backtest(
          db,
          { draft, baseline: await activeSide(db, configDir()) },
          { since: new Date(Date.now() - durationToMs(request.body.since)), limit: request.body.limit },
        );
      }),
  );

  app.post(
    '/api/config/score',
    {
      config: operators,
      schema: {
        tags: ['config'],
        description: 'Try a text: the score and its explanation under a version (default: active).',
        body: z.object({
          text: z.string().min(1).max(20_000),
          lang: z.string().max(16).optional(),
          version: z.number().int().min(1).optional(),
          affiliation: z.string().max(120).optional(),
        }),
        response: okOrError,
      },
    },
    async (request) =>
      asConfigRequest(async () => {
        const id = request.body.version ?? (await findActiveVersionId(db));
        const side = await compiledVersion(id);
        return analyzePost({ text: request.body.text, lang: request.body.lang ?? null, affiliation: request.body.affiliation ?? null }, side.analyzer);
      }),
  );
};
