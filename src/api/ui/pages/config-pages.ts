import type { Analysis } from '../../../analysis/index.js';
import type { ConfigContent, PlaceConfig } from '../../../config/index.js';
import type { BacktestAlert, BacktestReport, ConfigChange, ValidationReport, VersionSummary } from '../../../config-versions/index.js';
import { formatChanges } from '../../../config-versions/index.js';
import type { Principal } from '../../auth/principal.js';
import { html, type SafeHtml } from '../html.js';
import { renderPage } from '../layout.js';

const LANGUAGES = ['en', 'ar', 'arabizi'] as const;
const CATEGORIES = ['death_threat', 'call_to_attack', 'punishment', 'expulsion', 'takfir', 'intimidation'] as const;

const csrfField = (principal: Principal) => html`<input type="hidden" name="_csrf" value="${principal.session?.csrf_token ?? ''}">`;
const when = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').slice(0, 16) : '');
const page = (principal: Principal, title: string, body: SafeHtml) => renderPage({ title, kind: 'config', principal, body });

function versionLabel(v: VersionSummary): SafeHtml {
  return html`<a href="/config/versions/${v.id}">version ${v.id}</a>${v.active ? html` <b class="active-version">active</b>` : ''}`;
}

function validationBlock(validation: ValidationReport): SafeHtml {
  if (validation.errors.length === 0 && validation.warnings.length === 0) return html`<p class="ok" id="validation">Validation: no problems.</p>`;
  return html`<section id="validation"><h2>Validation</h2>
${validation.errors.length ? html`<p class="error">${validation.errors.length} error(s): this version cannot be activated until they are fixed.</p>` : ''}
<ul>${validation.errors.map((e) => html`<li class="error"><code>${e.where}</code>: <span dir="auto">${e.message}</span></li>`)}
${validation.warnings.map((w) => html`<li class="warning">warning: <code>${w.where}</code>: <span dir="auto">${w.message}</span></li>`)}</ul></section>`;
}

/** The config's sections, each its own page (one long page was 13,000 px tall), in the index's order. */
export const CONFIG_SECTIONS = ['places', 'phrases', 'modifiers', 'thresholds', 'feeds', 'routes', 'try', 'versions'] as const;
export type ConfigSection = (typeof CONFIG_SECTIONS)[number];
const SECTION_TITLES: Readonly<Record<ConfigSection, string>> = {
  places: 'Places',
  phrases: 'Threat phrases',
  modifiers: 'Modifiers',
  thresholds: 'Thresholds',
  feeds: 'Feeds',
  routes: 'Routes',
  try: 'Try a text',
  versions: 'Versions',
};
/** Sections with a search box (the long lists). */
const SEARCHABLE: ReadonlySet<ConfigSection> = new Set(['places', 'phrases', 'modifiers']);

export interface ConfigSectionInput {
  readonly principal: Principal;
  readonly versions: readonly VersionSummary[];
  readonly base: VersionSummary;
  readonly content: ConfigContent;
  readonly section: ConfigSection;
  /** The search box's text: rows of the section that contain it (any case). */
  readonly q?: string;
  /** Phrases: one language only. */
  readonly language?: string;
  /** Long lists (phrases, modifiers) are shown a page at a time; 1-based. */
  readonly page?: number;
  readonly flash?: string;
}

/** Rows per page of the long lists: patterns wrap over several lines, so a page stays a few screens tall, on a phone too. */
const LIST_PAGE = 25;

/** One page of a long list and the links to the others (search and language kept). */
function paged<T>(rows: readonly T[], input: ConfigSectionInput): { shown: readonly T[]; pager: SafeHtml } {
  const pages = Math.max(1, Math.ceil(rows.length / LIST_PAGE));
  const current = Math.min(Math.max(1, input.page ?? 1), pages);
  const shown = rows.slice((current - 1) * LIST_PAGE, current * LIST_PAGE);
  const link = (n: number) =>
    sectionLink(input.section, input.base, {
      ...(input.language ? { language: input.language } : {}),
      ...(input.q ? { q: input.q } : {}),
      ...(n > 1 ? { page: String(n) } : {}),
    });
  const first = rows.length ? (current - 1) * LIST_PAGE + 1 : 0;
  const pager = html`<nav class="pager" aria-label="Pages"><span class="muted">${first}–${first + shown.length - (rows.length ? 1 : 0)} of ${rows.length}</span>
${current > 1 ? html` <a href="${link(current - 1)}" rel="prev">← Previous</a>` : ''}${current < pages ? html` <a href="${link(current + 1)}" rel="next">Next →</a>` : ''}
${pages > 2 ? html` <span class="pages">${Array.from({ length: pages }, (_, i) => i + 1).map((n) => (n === current ? html` <b aria-current="page">${n}</b>` : html` <a href="${link(n)}">${n}</a>`))}</span>` : ''}</nav>`;
  return { shown, pager };
}

/** A row matches the search when any of its texts contains it, whatever the case. */
function matches(q: string | undefined, ...texts: ReadonlyArray<string | null | undefined>): boolean {
  if (!q) return true;
  const needle = q.toLocaleLowerCase();
  return texts.some((t) => t?.toLocaleLowerCase().includes(needle));
}

function sectionLink(section: ConfigSection, base: VersionSummary, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ version: String(base.id), ...extra });
  return `/config/${section}?${params.toString()}`;
}

/** The sticky section index, with how many entries each list has. */
function sectionIndex(input: ConfigSectionInput): SafeHtml {
  const { content, base } = input;
  const counts: Partial<Record<ConfigSection, number>> = {
    places: content.places.places.length,
    phrases: content.lexicons.reduce((n, l) => n + l.phrases.length, 0),
    modifiers: content.modifiers.cues.length,
    feeds: content.feeds.feeds.length,
    routes: content.routes.routes.length,
    versions: input.versions.length,
  };
  return html`<nav class="config-nav" aria-label="Configuration sections">${CONFIG_SECTIONS.map((s) => html`<a href="${sectionLink(s, base)}" data-section="${s}"${s === input.section ? html` aria-current="page"` : ''}>${SECTION_TITLES[s]}${counts[s] === undefined ? '' : html` <span class="count">${counts[s]}</span>`}</a>`)}</nav>`;
}

function searchForm(input: ConfigSectionInput): SafeHtml {
  return html`<form class="config-search" method="get" action="/config/${input.section}" role="search">
<input type="hidden" name="version" value="${input.base.id}">${input.language ? html`<input type="hidden" name="language" value="${input.language}">` : ''}
<label>Search ${SECTION_TITLES[input.section].toLowerCase()} <input type="search" name="q" value="${input.q ?? ''}" maxlength="200" dir="auto"></label>
<button type="submit">Search</button>${input.q ? html` <a href="${sectionLink(input.section, input.base, input.language ? { language: input.language } : {})}">clear</a>` : ''}</form>`;
}

/** A form field that tells the edit route which section to show again if the edit is refused. */
const sectionField = (section: ConfigSection) => html`<input type="hidden" name="section" value="${section}">`;

function placesSection(input: ConfigSectionInput): SafeHtml {
  const { content, base, q } = input;
  const places = content.places.places.filter((p) =>
    matches(q, p.id, p.name, p.name_ar, ...Object.values(p.aliases).flat(), ...Object.values(p.demonyms).flat()),
  );
  return html`<p class="muted">${places.length} of ${content.places.places.length} places.</p>
<div class="table-wrap"><table class="config-places"><thead><tr><th>Place</th><th>Kind</th><th>Parent</th><th>Names</th><th></th></tr></thead><tbody>
${places.map(
  (
    p,
  ) => html`<tr data-place="${p.id}"><td><b>${p.name}</b> <bdi dir="auto">${p.name_ar ?? ''}</bdi><br><code>${p.id}</code></td><td>${p.kind}${p.monitored ? '' : ' (not monitored)'}</td>
<td>${p.parent ?? ''}</td><td>${Object.values(p.aliases).flat().length} aliases, ${Object.values(p.demonyms).flat().length} demonyms</td>
<td><a href="/config/places/${p.id}?base=${base.id}">Edit</a></td></tr>`,
)}
</tbody></table></div>`;
}

function phrasesSection(input: ConfigSectionInput, csrf: SafeHtml): SafeHtml {
  const { content, base, q } = input;
  const lexicons = content.lexicons.filter((l) => !input.language || l.language === input.language);
  const rows = lexicons.flatMap((l) => l.phrases.filter((p) => matches(q, p.pattern, p.id, p.category)).map((p) => ({ language: l.language, phrase: p })));
  const total = content.lexicons.reduce((n, l) => n + l.phrases.length, 0);
  const { shown, pager } = paged(rows, input);
  return html`<nav class="tabs" aria-label="Language">${[['', 'All'], ...content.lexicons.map((l) => [l.language, `${l.language} (${l.phrases.length})`])].map(([language, label]) => html`<a href="${sectionLink('phrases', base, { ...(language ? { language } : {}), ...(q ? { q } : {}) })}"${(input.language ?? '') === language ? html` aria-current="page"` : ''}>${label}</a>`)}</nav>
<p class="muted">${rows.length} of ${total} phrases match.</p>
${pager}
<div class="table-wrap"><table class="config-phrases"><thead><tr><th>Lang</th><th>Id</th><th>Pattern</th><th>Category</th><th>Weight</th><th></th></tr></thead><tbody>
${shown.map(
  ({
    language,
    phrase: p,
  }) => html`<tr><td>${language}</td><td><code>${p.id ?? ''}</code></td><td class="pattern"><bdi dir="auto">${p.pattern}</bdi></td><td>${p.category}</td><td>${p.weight}</td>
<td><form method="post" action="/config/versions/${base.id}/edit">${csrf}${sectionField('phrases')}<input type="hidden" name="op" value="phrase.remove"><input type="hidden" name="language" value="${language}"><input type="hidden" name="pattern" value="${p.pattern}"><button type="submit" class="small">Remove</button></form></td></tr>`,
)}
</tbody></table></div>
${pager}
<h3>Add a phrase</h3>
<form method="post" action="/config/versions/${base.id}/edit" class="inline-form" id="add-phrase">${csrf}${sectionField('phrases')}<input type="hidden" name="op" value="phrase.upsert">
<label>Language <select name="language">${LANGUAGES.map((l) => html`<option${l === input.language ? ' selected' : ''}>${l}</option>`)}</select></label>
<label>Pattern <input name="pattern" required maxlength="1000" dir="auto"></label>
<label>Category <select name="category">${CATEGORIES.map((c) => html`<option>${c}</option>`)}</select></label>
<label>Weight <input name="weight" type="number" min="0" max="1" step="0.05" value="0.8" required></label>
<label>Id <input name="id" maxlength="80" pattern="[a-z0-9]+([-_][a-z0-9]+)*"></label>
<button type="submit">Add phrase</button></form>`;
}

function modifiersSection(input: ConfigSectionInput): SafeHtml {
  const { content, q } = input;
  const cues = content.modifiers.cues.filter((c) => matches(q, c.kind, c.language, c.pattern, c.note));
  const { shown, pager } = paged(cues, input);
  return html`<p class="muted">${cues.length} of ${content.modifiers.cues.length} cues lower or veto a threat score (factor 0 vetoes). Edit them through the YAML import or the API.</p>
${pager}
<div class="table-wrap"><table class="config-modifiers"><thead><tr><th>Kind</th><th>Lang</th><th>Pattern</th><th>Factor</th><th>Note</th></tr></thead><tbody>
${shown.map((c) => html`<tr><td>${c.kind.replace(/_/g, ' ')}</td><td>${c.language}</td><td class="pattern"><bdi dir="auto">${c.pattern}</bdi></td><td>${c.factor}${c.window ? html`<br><span class="muted">${c.window} words</span>` : ''}</td><td dir="auto">${c.note ?? ''}</td></tr>`)}
</tbody></table></div>
${pager}`;
}

function thresholdsSection(input: ConfigSectionInput, csrf: SafeHtml): SafeHtml {
  const { content, base } = input;
  return html`<form method="post" action="/config/versions/${base.id}/edit" class="inline-form" id="thresholds">${csrf}${sectionField('thresholds')}<input type="hidden" name="op" value="thresholds.severity">
${(['critical', 'high', 'medium', 'low'] as const).map((s) => html`<label>${s} <input name="${s}" type="number" min="0" max="1" step="0.01" value="${content.thresholds.severity[s]}"></label>`)}
<label>Alert from <select name="alert_min_severity">${(['critical', 'high', 'medium', 'low'] as const).map((s) => html`<option${s === content.thresholds.alert_min_severity ? ' selected' : ''}>${s}</option>`)}</select></label>
<button type="submit">Save thresholds</button></form>`;
}

function feedsSection(input: ConfigSectionInput, csrf: SafeHtml): SafeHtml {
  const { content, base } = input;
  return html`${content.feeds.feeds.length === 0 ? html`<p class="empty">No feeds configured in this version. Sources that push (webhook, import) and the demo replay are listed on the <a href="/feeds">feeds page</a>.</p>` : ''}
<div class="table-wrap"><table class="config-feeds"><tbody>${content.feeds.feeds.map(
    (
      f,
    ) => html`<tr><td><b>${f.name}</b> (${f.kind})</td><td>${f.enabled ? 'enabled' : 'disabled'}, every ${f.interval}</td><td dir="auto">${f.affiliation ?? ''}</td>
<td><form method="post" action="/config/versions/${base.id}/edit">${csrf}${sectionField('feeds')}<input type="hidden" name="op" value="feed.update"><input type="hidden" name="name" value="${f.name}"><input type="hidden" name="enabled" value="${f.enabled ? 'false' : 'true'}"><button type="submit">${f.enabled ? 'Disable' : 'Enable'}</button></form></td></tr>`,
  )}</tbody></table></div>
<p><a href="/feeds">Health of every source →</a></p>
<h3>Affiliated accounts</h3>
<ul>${(content.feeds.accounts ?? []).map((a) => html`<li><bdi>@${a.author}</bdi>${a.feed ? html` on ${a.feed}` : ''}: <span dir="auto">${a.affiliation}</span></li>`)}</ul>
<form method="post" action="/config/versions/${base.id}/edit" class="inline-form">${csrf}${sectionField('feeds')}<input type="hidden" name="op" value="account.upsert">
<label>Account <input name="author" required maxlength="256"></label><label>Feed <input name="feed" maxlength="120"></label>
<label>Affiliation <input name="affiliation" required maxlength="120" dir="auto"></label><button type="submit">Tag account</button></form>`;
}

function routesSection(input: ConfigSectionInput): SafeHtml {
  const routes = input.content.routes.routes;
  return html`<p class="muted">Who is told about which alerts from the config files; officers add their own on the <a href="/subscriptions">subscriptions page</a>. Edit routes through the YAML import or the API.</p>
${
  routes.length === 0
    ? html`<p class="empty">No routes in this version.</p>`
    : html`<div class="table-wrap"><table class="config-routes"><thead><tr><th>Route</th><th>Channel</th><th>Places</th><th>From</th><th>Categories</th></tr></thead><tbody>
${routes.map(
  (
    r,
  ) => html`<tr><td><b>${r.name}</b>${r.escalation_only ? html` <span class="muted">(escalations only)</span>` : ''}</td><td>${r.channel}${r.target ? html`<br><bdi class="target">${r.target}</bdi>` : ''}</td>
<td>${r.places === 'all' ? 'all' : r.places.join(', ')}</td><td>${r.min_severity}${r.digest ? html`<br><span class="muted">digest ${r.digest.every}</span>` : ''}</td><td>${r.categories?.join(', ') ?? 'all'}</td></tr>`,
)}
</tbody></table></div>`
}`;
}

function trySection(input: ConfigSectionInput, csrf: SafeHtml): SafeHtml {
  return html`<form method="post" action="/config/try" id="try-text">${csrf}<input type="hidden" name="version" value="${input.base.id}">
<label>Text <textarea name="text" rows="3" maxlength="20000" required dir="auto"></textarea></label><button type="submit">Score it</button></form>`;
}

function versionsSection(input: ConfigSectionInput): SafeHtml {
  const { base } = input;
  return html`<p><a href="/config/versions/${base.id}/export">Export version ${base.id} as YAML</a> · <a href="/config/import">Import YAML</a></p>
<div class="table-wrap"><table class="config-versions"><thead><tr><th>Version</th><th>Author</th><th>Created</th><th>Comment</th></tr></thead><tbody>
${input.versions.map((v) => html`<tr><td>${versionLabel(v)}</td><td><bdi>${v.author}</bdi></td><td>${when(v.createdAt)}</td><td dir="auto">${v.comment ?? ''}</td></tr>`)}
</tbody></table></div>`;
}

/** One section of the configuration (places by default), under the index of all of them. */
export function configSectionPage(input: ConfigSectionInput): string {
  const { principal, base } = input;
  const csrf = csrfField(principal);
  const sections: Record<ConfigSection, () => SafeHtml> = {
    places: () => placesSection(input),
    phrases: () => phrasesSection(input, csrf),
    modifiers: () => modifiersSection(input),
    thresholds: () => thresholdsSection(input, csrf),
    feeds: () => feedsSection(input, csrf),
    routes: () => routesSection(input),
    try: () => trySection(input, csrf),
    versions: () => versionsSection(input),
  };
  const body = html`<h1>Configuration</h1>
${input.flash ? html`<p class="error" role="alert">${input.flash}</p>` : ''}
<p>Editing <b>version ${base.id}</b>${base.active ? ' (active)' : ' (draft)'} by <bdi>${base.author}</bdi>, ${when(base.createdAt)} UTC. Every change is stored as a new draft; check it, backtest it, then activate it.</p>
<div class="config-layout">
${sectionIndex(input)}
<section class="card config-section" id="section-${input.section}" data-section="${input.section}"><h2>${SECTION_TITLES[input.section]}</h2>
${SEARCHABLE.has(input.section) ? searchForm(input) : ''}
${sections[input.section]()}
</section>
</div>`;
  return page(principal, `${SECTION_TITLES[input.section]} · Configuration`, body);
}

/** One place's editor: its names per language and script, and a form to add one. */
export function placeEditPage(principal: Principal, base: VersionSummary, place: PlaceConfig, flash?: string): string {
  const csrf = csrfField(principal);
  const list = (kind: 'aliases' | 'demonyms') =>
    LANGUAGES.map(
      (language) => html`<tr><th>${kind} · ${language}</th><td>
${(place[kind][language] ?? []).map(
  (name) => html`<form method="post" action="/config/versions/${base.id}/edit" class="name-chip">${csrf}
<input type="hidden" name="op" value="name.remove"><input type="hidden" name="place" value="${place.id}"><input type="hidden" name="kind" value="${kind}"><input type="hidden" name="language" value="${language}"><input type="hidden" name="text" value="${name}">
<bdi dir="auto">${name}</bdi> <button type="submit" aria-label="remove ${name}">×</button></form>`,
)}</td></tr>`,
    );
  const body = html`<h1>${place.name} <bdi dir="auto">${place.name_ar ?? ''}</bdi></h1>
${flash ? html`<p class="error" role="alert">${flash}</p>` : ''}
<p><a href="/config/places?version=${base.id}">← Places</a> · editing version ${base.id}${base.active ? ' (active)' : ' (draft)'}; <code>${place.id}</code>, ${place.kind}${place.parent ? html`, part of <a href="/config/places/${place.parent}?base=${base.id}">${place.parent}</a>` : ''}</p>
<table class="place-names"><tbody>${list('aliases')}${list('demonyms')}</tbody></table>
<h2>Add a name</h2>
<form method="post" action="/config/versions/${base.id}/edit" class="card" id="add-name">${csrf}
<input type="hidden" name="op" value="name.add"><input type="hidden" name="place" value="${place.id}">
<label>Kind <select name="kind"><option value="aliases">alias</option><option value="demonyms">demonym</option></select></label>
<label>Language / script <select name="language">${LANGUAGES.map((l) => html`<option value="${l}">${l}</option>`)}</select></label>
<label>Name <input name="text" required maxlength="120" dir="auto"></label>
<label>Comment <input name="comment" maxlength="1000" dir="auto"></label>
<button type="submit">Add to a new draft</button></form>`;
  return page(principal, place.name, body);
}

/** A version: who, when, why, what changed against its parent, validation, and its actions. */
export function versionPage(input: {
  principal: Principal;
  version: VersionSummary;
  changes: readonly ConfigChange[];
  validation: ValidationReport;
  flash?: string;
  backtest?: BacktestReport;
}): string {
  const { principal, version, validation } = input;
  const csrf = csrfField(principal);
  const body = html`<h1>Config version ${version.id}${version.active ? html` <b class="active-version">active</b>` : ''}</h1>
${input.flash ? html`<p class="flash" role="status">${input.flash}</p>` : ''}
<p><a href="/config?version=${version.id}">Edit this version</a> · <a href="/config">Configuration</a></p>
<dl class="version-meta"><dt>Author</dt><dd><bdi>${version.author}</bdi></dd><dt>Created</dt><dd>${when(version.createdAt)} UTC</dd>
<dt>Comment</dt><dd dir="auto">${version.comment ?? ''}</dd><dt>Parent</dt><dd>${version.parentId ? html`<a href="/config/versions/${version.parentId}">version ${version.parentId}</a>` : '—'}</dd>
<dt>Source</dt><dd>${version.source}</dd>${version.activatedAt ? html`<dt>Last activated</dt><dd>${when(version.activatedAt)} UTC</dd>` : ''}</dl>
<h2>Changes from ${version.parentId ? `version ${version.parentId}` : 'nothing'}</h2>
<pre class="diff" id="diff">${input.changes.length ? formatChanges(input.changes).join('\n') : 'no differences'}</pre>
${validationBlock(validation)}
<div class="version-actions">
<form method="post" action="/config/versions/${version.id}/backtest" id="backtest-form" class="inline-form">${csrf}
<label>Posts from the last <select name="since"><option>1d</option><option selected>7d</option><option>30d</option></select></label><button type="submit">Backtest against the active version</button></form>
${
  version.active
    ? html`<form method="post" action="/config/rollback" id="rollback-form">${csrf}<button type="submit">Roll back to the previous version</button></form>`
    : html`<form method="post" action="/config/versions/${version.id}/activate" id="activate-form">${csrf}<button type="submit"${validation.ok ? '' : ' disabled'}>Activate version ${version.id}</button></form>`
}
</div>
${input.backtest ? backtestBlock(input.backtest) : ''}`;
  return page(principal, `Version ${version.id}`, body);
}

function alertList(alerts: readonly BacktestAlert[], kind: 'added' | 'removed'): SafeHtml {
  if (alerts.length === 0) return html`<p class="empty">None.</p>`;
  return html`<ul class="backtest-${kind}">${alerts.map(
    (a) => html`<li data-place="${a.placeId}" data-category="${a.category}"><b>${a.placeName}</b> · ${a.category} · ${a.severity} · ${a.postIds.length} post(s)
<ul>${a.examples.map((e) => html`<li><bdi dir="auto" class="post-text">${e.text}</bdi><br><small>${e.score} · ${e.explanation}</small></li>`)}</ul></li>`,
  )}</ul>`;
}

function backtestBlock(report: BacktestReport): SafeHtml {
  return html`<section class="card" id="backtest"><h2>Backtest</h2>
<p>${report.postsScored} stored posts since ${report.since.slice(0, 16).replace('T', ' ')} rescored with version ${report.draftVersion} and the active version ${report.baselineVersion}${report.truncated ? ' (limit reached)' : ''}:
<b id="backtest-summary">${report.added.length} alert(s) added, ${report.removed.length} removed, ${report.changed.length} changed, ${report.unchanged} unchanged</b>.</p>
<h3>Alerts it would add</h3>${alertList(report.added, 'added')}
<h3>Alerts it would remove</h3>${alertList(report.removed, 'removed')}
${report.changed.length ? html`<h3>Alerts whose evidence changes</h3><ul>${report.changed.map((c) => html`<li>${c.placeId} · ${c.category}: +${c.addedPostIds.length} / −${c.removedPostIds.length} post(s)</li>`)}</ul>` : ''}</section>`;
}

/** The "try a text" answer: the score, what named the place, what carried the threat, what lowered it. */
export function tryTextPage(principal: Principal, versionId: number | null, text: string, analysis: Analysis): string {
  const body = html`<h1>Try a text</h1>
<p><a href="/config/try${versionId ? `?version=${versionId}` : ''}">← Try another text</a> · scored with version ${analysis.configVersion}, model ${analysis.modelVersion}</p>
<div class="post"><bdi dir="auto" class="post-text">${text}</bdi></div>
<p id="try-result"><b>${analysis.severity}</b> · score ${analysis.score.toFixed(3)} · <span dir="auto">${analysis.explanation}</span></p>
<ul>${analysis.places.map((p) => html`<li>place: <mark class="hl-place">${p.span.text}</mark> → ${p.name} (${p.kind})</li>`)}
${analysis.signals.map((s) => html`<li>threat: <mark class="hl-threat">${s.span.text}</mark> (${s.category}, ${s.weight}, <code>${s.phraseId}</code>)</li>`)}
${analysis.modifiers.map((m) => html`<li>modifier: ${m.kind} “${m.span.text}” × ${m.factor}</li>`)}</ul>`;
  return page(principal, 'Try a text', body);
}

/** YAML export (one text per file, with `# file:` markers) and the import form that reads the same. */
export function yamlPage(principal: Principal, input: { versionId?: number; files?: Record<string, string>; flash?: string }): string {
  const bundle = input.files
    ? Object.entries(input.files)
        .map(([name, text]) => `# file: ${name}\n${text}`)
        .join('\n')
    : '';
  const body = input.files
    ? html`<h1>Version ${input.versionId} as YAML</h1><p><a href="/config/versions/${input.versionId}">← Version ${input.versionId}</a></p><pre class="yaml" dir="auto">${bundle}</pre>`
    : html`<h1>Import YAML</h1>${input.flash ? html`<pre class="error" role="alert">${input.flash}</pre>` : ''}
<p>Paste the files of a config directory, each starting with a line <code># file: places.yaml</code> (as the export shows them).</p>
<form method="post" action="/config/import" class="card">${csrfField(principal)}<label>Files <textarea name="bundle" rows="20" required dir="auto"></textarea></label>
<label>Comment <input name="comment" required maxlength="1000" dir="auto"></label><button type="submit">Store as a draft</button></form>`;
  return page(principal, 'Config YAML', body);
}

/** Splits an import bundle into files at its `# file: NAME` lines. */
export function splitYamlBundle(bundle: string): Record<string, string> {
  const files: Record<string, string> = {};
  let current: string | null = null;
  for (const line of bundle.split(/\r?\n/)) {
    const marker = /^# file: ([\w./-]+\.ya?ml)\s*$/.exec(line);
    if (marker) {
      current = marker[1]!;
      files[current] = '';
    } else if (current) files[current] += `${line}\n`;
  }
  return files;
}
