import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import { analyzePost } from '../../../analysis/index.js';
import { contentToFiles, durationSchema, durationToMs, parseConfigFiles } from '../../../config/index.js';
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
  type ConfigEdit,
  type VersionSummary,
} from '../../../config-versions/index.js';
import { isPlacewatchError } from '../../../errors.js';
import { ApiError } from '../../api-error.js';
import type { ApiDeps } from '../../api-deps.js';
import { announcerOf, CONFIG_IMPORT_MAX_BYTES } from '../../routes/config-routes.js';
import { CONFIG_SECTIONS, configSectionPage, placeEditPage, type ConfigSection, splitYamlBundle, tryTextPage, versionPage, yamlPage } from './config-pages.js';

const operators = { auth: { permission: 'config:read' as const, ui: true } };
const versionParams = z.object({ id: z.coerce.number().int().min(1).max(2_147_483_647) });
const form = z.record(z.string(), z.string());
const FLASH: Readonly<Record<string, string>> = {
  created: 'Stored as a new draft. Check the changes, backtest, then activate.',
  unchanged: 'That content is already stored as this version.',
  activated: 'Activated: every worker switches to this version within seconds.',
  rolledback: 'Rolled back: this version is active again.',
};

/** A user-facing failure (a config that does not validate, a bad form) rather than a server error. */
function userProblem(error: unknown): string | null {
  if (isPlacewatchError(error) && (error.code === 'CONFIG_INVALID' || error.code === 'INPUT_INVALID' || error.code === 'NOT_FOUND')) return error.message;
  return null;
}

/** The edit a form asks for; the same schema as the JSON API checks it. */
function editFromForm(body: Record<string, string>, base: { thresholds: Record<string, unknown> }): ConfigEdit {
  const { op } = body;
  let edit: Record<string, unknown>;
  if (op === 'phrase.upsert') {
    edit = {
      op,
      language: body.language,
      phrase: { ...(body.id ? { id: body.id } : {}), pattern: body.pattern, category: body.category, weight: Number(body.weight) },
    };
  } else if (op === 'phrase.remove') edit = { op, language: body.language, pattern: body.pattern };
  else if (op === 'thresholds.severity') {
    const severity = Object.fromEntries((['critical', 'high', 'medium', 'low'] as const).map((s) => [s, Number(body[s])]));
    edit = { op: 'thresholds.set', thresholds: { ...base.thresholds, severity, alert_min_severity: body.alert_min_severity } };
  } else if (op === 'feed.update') edit = { op, name: body.name, enabled: body.enabled === 'true' };
  else if (op === 'account.upsert') edit = { op, author: body.author, affiliation: body.affiliation, ...(body.feed ? { feed: body.feed } : {}) };
  else edit = { op, place: body.place, kind: body.kind, language: body.language, text: body.text };
  const parsed = configEditSchema.safeParse(edit);
  if (!parsed.success) throw new ApiError('INPUT_INVALID', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  return parsed.data;
}

/** The configuration editors (operators and admins): server-rendered, working without scripts. */
export const configUiRoutes: FastifyPluginAsyncZod<ApiDeps> = async (app, deps) => {
  const db = deps.runtime.database.db;
  const configDir = () => deps.runtime.config.current.config.dir;
  const send = (reply: FastifyReply, body: string, status = 200) => reply.code(status).type('text/html; charset=utf-8').send(body);
  const baseOf = async (id: number | undefined): Promise<VersionSummary & { content: unknown }> => {
    const chosen = id ?? (await findActiveVersionId(db));
    if (chosen === undefined) throw new ApiError('NOT_FOUND', 'no config version yet');
    return requireVersion(db, chosen);
  };
  const overview = async (
    principal: Parameters<typeof configSectionPage>[0]['principal'],
    id: number | undefined,
    view: { section?: ConfigSection; q?: string; language?: string; page?: number; flash?: string } = {},
  ) => {
    const base = await baseOf(id);
    return configSectionPage({
      principal,
      versions: await listVersions(db, 50),
      base,
      content: await loadVersionContent(db, base.id),
      section: view.section ?? 'places',
      ...view,
    });
  };
  const showVersion = async (
    principal: Parameters<typeof versionPage>[0]['principal'],
    id: number,
    extra: { flash?: string; backtest?: Awaited<ReturnType<typeof backtest>> } = {},
  ) => {
    const version = await requireVersion(db, id);
    const parent = version.parentId ? await requireVersion(db, version.parentId) : null;
    return versionPage({
      principal,
      version,
      changes: diffVersions(parent?.content ?? {}, version.content),
      validation: validateContent(version.content, `version ${id}`),
      ...extra,
    });
  };

  // One page per section (places first), each with the section index; search and language narrow the long lists.
  const sectionQuery = z.object({
    version: z.coerce.number().int().min(1).optional(),
    q: z.string().trim().max(200).optional(),
    language: z.enum(['en', 'ar', 'arabizi']).optional(),
    page: z.coerce.number().int().min(1).max(10_000).optional(),
  });
  app.get('/config', { config: operators, schema: { hide: true, querystring: sectionQuery } }, async (request, reply) =>
    send(reply, await overview(request.principal!, request.query.version, { q: request.query.q || undefined })),
  );
  for (const section of CONFIG_SECTIONS) {
    app.get(`/config/${section}`, { config: operators, schema: { hide: true, querystring: sectionQuery } }, async (request, reply) =>
      send(
        reply,
        await overview(request.principal!, request.query.version, {
          section,
          q: request.query.q || undefined,
          language: request.query.language,
          page: request.query.page,
        }),
      ),
    );
  }

  app.get(
    '/config/places/:id',
    {
      config: operators,
      schema: { hide: true, params: z.object({ id: z.string().max(120) }), querystring: z.object({ base: z.coerce.number().int().min(1).optional() }) },
    },
    async (request, reply) => {
      const base = await baseOf(request.query.base);
      const place = (await loadVersionContent(db, base.id)).places.places.find((p) => p.id === request.params.id);
      if (!place) throw new ApiError('NOT_FOUND', `no place "${request.params.id}" in version ${base.id}`);
      return send(reply, placeEditPage(request.principal!, base, place));
    },
  );

  app.post('/config/versions/:id/edit', { config: operators, schema: { hide: true, params: versionParams, body: form } }, async (request, reply) => {
    const baseId = request.params.id;
    try {
      const content = await loadVersionContent(db, baseId);
      const edit = editFromForm(request.body, content as unknown as { thresholds: Record<string, unknown> });
      const draft = await editVersion(db, baseId, [edit], {
        author: request.principal!.user.email,
        comment: request.body.comment || describeEdit(edit),
        source: 'ui',
      });
      return reply.redirect(`/config/versions/${draft.id}?done=${draft.created ? 'created' : 'unchanged'}`, 303);
    } catch (error) {
      const problem = error instanceof ApiError ? error.message : userProblem(error);
      if (problem === null) throw error;
      const section = CONFIG_SECTIONS.find((s) => s === request.body.section) ?? 'places';
      return send(reply, await overview(request.principal!, baseId, { section, flash: problem }), 400);
    }
  });

  app.get(
    '/config/versions/:id',
    { config: operators, schema: { hide: true, params: versionParams, querystring: z.object({ done: z.string().max(20).optional() }) } },
    async (request, reply) => send(reply, await showVersion(request.principal!, request.params.id, { flash: FLASH[request.query.done ?? ''] })),
  );

  app.post(
    '/config/versions/:id/backtest',
    { config: operators, schema: { hide: true, params: versionParams, body: z.object({ _csrf: z.string().optional(), since: durationSchema.default('7d') }) } },
    async (request, reply) => {
      const draft = compileDraft(await loadVersionConfig(db, request.params.id, configDir()));
      const report = await backtest(
        db,
        { draft, baseline: await activeSide(db, configDir()) },
        { since: new Date(Date.now() - durationToMs(request.body.since)) },
      );
      return send(reply, await showVersion(request.principal!, request.params.id, { backtest: report }));
    },
  );

  app.post(
    '/config/versions/:id/activate',
    { config: operators, schema: { hide: true, params: versionParams, body: z.object({ _csrf: z.string().optional() }) } },
    async (request, reply) => {
      try {
        await activateVersion(db, request.params.id, { actor: request.principal!.user.email, announce: announcerOf(deps) });
      } catch (error) {
        const problem = userProblem(error);
        if (problem === null) throw error;
        return send(reply, await showVersion(request.principal!, request.params.id, { flash: problem }), 400);
      }
      return reply.redirect(`/config/versions/${request.params.id}?done=activated`, 303);
    },
  );

  app.post('/config/rollback', { config: operators, schema: { hide: true, body: z.object({ _csrf: z.string().optional() }) } }, async (request, reply) => {
    const result = await rollbackVersion(db, { actor: request.principal!.user.email, announce: announcerOf(deps) });
    return reply.redirect(`/config/versions/${result.id}?done=rolledback`, 303);
  });

  app.post(
    '/config/try',
    {
      config: operators,
      schema: {
        hide: true,
        body: z.object({ _csrf: z.string().optional(), text: z.string().min(1).max(20_000), version: z.coerce.number().int().min(1).optional() }),
      },
    },
    async (request, reply) => {
      const id = request.body.version ?? null;
      const side = id === null ? deps.runtime.config.current : compileDraft(await loadVersionConfig(db, id, configDir()));
      return send(reply, tryTextPage(request.principal!, id, request.body.text, analyzePost({ text: request.body.text }, side.analyzer)));
    },
  );

  app.get('/config/versions/:id/export', { config: operators, schema: { hide: true, params: versionParams } }, async (request, reply) =>
    send(reply, yamlPage(request.principal!, { versionId: request.params.id, files: contentToFiles(await loadVersionContent(db, request.params.id)) })),
  );

  app.get('/config/import', { config: operators, schema: { hide: true } }, async (request, reply) => send(reply, yamlPage(request.principal!, {})));

  app.post(
    '/config/import',
    {
      config: operators,
      bodyLimit: CONFIG_IMPORT_MAX_BYTES,
      schema: { hide: true, body: z.object({ _csrf: z.string().optional(), bundle: z.string().max(CONFIG_IMPORT_MAX_BYTES), comment: z.string().max(1000) }) },
    },
    async (request, reply) => {
      try {
        const content = parseConfigFiles(splitYamlBundle(request.body.bundle), 'import');
        const draft = await createVersion(db, { content, author: request.principal!.user.email, comment: request.body.comment, source: 'import' });
        return reply.redirect(`/config/versions/${draft.id}?done=${draft.created ? 'created' : 'unchanged'}`, 303);
      } catch (error) {
        const problem = userProblem(error);
        if (problem === null) throw error;
        return send(reply, yamlPage(request.principal!, { flash: problem }), 400);
      }
    },
  );
};

function describeEdit(edit: ConfigEdit): string {
  switch (edit.op) {
    case 'name.add':
      return `add ${edit.kind === 'aliases' ? 'alias' : 'demonym'} ${edit.language} "${edit.text}" to ${edit.place}`;
    case 'name.remove':
      return `remove ${edit.kind === 'aliases' ? 'alias' : 'demonym'} ${edit.language} "${edit.text}" from ${edit.place}`;
    case 'phrase.upsert':
      return `phrase ${edit.language} "${String(edit.phrase.pattern)}"`;
    case 'phrase.remove':
      return `remove phrase ${edit.language} "${edit.pattern ?? edit.id ?? ''}"`;
    case 'feed.update':
      return `feed ${edit.name}${edit.enabled === undefined ? '' : edit.enabled ? ' enabled' : ' disabled'}`;
    case 'account.upsert':
      return `account ${edit.author}: ${edit.affiliation}`;
    default:
      return edit.op;
  }
}
