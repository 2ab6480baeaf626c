import type { Principal } from '../../auth/principal.js';
import { html, type SafeHtml } from '../html.js';
import { renderPage } from '../layout.js';

/** The parts of an OpenAPI 3 document the page shows; everything else is in the raw JSON. */
interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly enum?: readonly unknown[];
  readonly items?: JsonSchema;
  readonly description?: string;
}
interface Operation {
  readonly tags?: readonly string[];
  readonly summary?: string;
  readonly description?: string;
  readonly parameters?: ReadonlyArray<{ name: string; in: string; required?: boolean; schema?: JsonSchema; description?: string }>;
  readonly requestBody?: { content?: Readonly<Record<string, { schema?: JsonSchema }>> };
  readonly responses?: Readonly<Record<string, unknown>>;
}
export interface OpenApiDocument {
  readonly info?: { title?: string; description?: string; version?: string };
  readonly paths?: Readonly<Record<string, Readonly<Record<string, Operation>>>>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

function typeOf(schema: JsonSchema | undefined): string {
  if (!schema) return '';
  if (schema.enum) return schema.enum.map(String).join(' | ');
  if (schema.type === 'array') return `${typeOf(schema.items) || 'any'}[]`;
  return Array.isArray(schema.type) ? schema.type.join(' | ') : ((schema.type as string | undefined) ?? 'object');
}

function fieldRows(fields: ReadonlyArray<{ name: string; where: string; required: boolean; schema?: JsonSchema; description?: string }>): SafeHtml {
  if (fields.length === 0) return html``;
  return html`<table class="api-fields"><thead><tr><th>Field</th><th>In</th><th>Type</th><th>Notes</th></tr></thead><tbody>
${fields.map((f) => html`<tr><td><code>${f.name}</code>${f.required ? html` <span class="muted">required</span>` : ''}</td><td>${f.where}</td><td><code>${typeOf(f.schema)}</code></td><td>${f.description ?? f.schema?.description ?? ''}</td></tr>`)}
</tbody></table>`;
}

function operationBlock(method: string, path: string, op: Operation): SafeHtml {
  const body = op.requestBody?.content?.['application/json']?.schema;
  const fields = [
    ...(op.parameters ?? []).map((p) => ({ name: p.name, where: p.in, required: Boolean(p.required), schema: p.schema, description: p.description })),
    ...Object.entries(body?.properties ?? {}).map(([name, schema]) => ({ name, where: 'body', required: body?.required?.includes(name) ?? false, schema })),
  ];
  const codes = Object.keys(op.responses ?? {});
  return html`<details class="api-op" id="${`${method}-${path}`.replace(/[^a-zA-Z0-9]+/g, '-')}">
  <summary><span class="method m-${method}">${method.toUpperCase()}</span> <code class="path">${path}</code> <span class="muted">${op.summary ?? op.description ?? ''}</span></summary>
  ${op.summary && op.description ? html`<p>${op.description}</p>` : ''}
  ${fieldRows(fields)}
  ${codes.length ? html`<p class="muted">Responses: ${codes.join(', ')}</p>` : ''}
</details>`;
}

/**
 * The API reference, rendered on the server from the OpenAPI document the routes' schemas generate:
 * routes grouped by tag, each with its fields and response codes. No script, so it fits the CSP.
 */
export function apiDocsPage(principal: Principal | null, doc: OpenApiDocument): string {
  const groups = new Map<string, SafeHtml[]>();
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'other';
      groups.set(tag, [...(groups.get(tag) ?? []), operationBlock(method, path, op)]);
    }
  }
  const tags = [...groups.keys()].sort();
  const body = html`<h1>${doc.info?.title ?? 'API'}</h1>
<p>${doc.info?.description ?? ''}</p>
<p><a href="/api/docs" id="raw-openapi">Raw OpenAPI JSON</a> · version ${doc.info?.version ?? ''}</p>
<nav class="api-tags" aria-label="Sections">${tags.map((t) => html`<a href="#tag-${t}">${t}</a>`)}</nav>
${tags.map((t) => html`<section class="api-tag" id="tag-${t}"><h2>${t}</h2>${groups.get(t)!}</section>`)}`;
  return renderPage({ title: 'API', kind: 'api-docs', principal, body });
}
