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

/** The config overview: versions, and the editors for the version being edited (`base`). */
export function configOverviewPage(input: {
  principal: Principal; versions: readonly VersionSummary[]; base: VersionSummary; content: ConfigContent; flash?: string;
}): string {
  const { principal, base, content } = input;
  const csrf = csrfField(principal);
  const body = html`<h1>Configuration</h1>
${input.flash ? html`<p class="error" role="alert">${input.flash}</p>` : ''}
<p>Editing <b>version ${base.id}</b>${base.active ? ' (active)' : ' (draft)'} by <bdi>${base.author}</bdi>, ${when(base.createdAt)} UTC. Every change is stored as a new draft; check it, backtest it, then activate it.</p>
<section class="card"><h2>Places</h2>
<table class="config-places"><thead><tr><th>Place</th><th>Kind</th><th>Parent</th><th>Names</th><th></th></tr></thead><tbody>
${content.places.places.map((p) => html`<tr data-place="${p.id}"><td><b>${p.name}</b> <bdi dir="auto">${p.name_ar ?? ''}</bdi><br><code>${p.id}</code></td><td>${p.kind}${p.monitored ? '' : ' (not monitored)'}</td>
<td>${p.parent ?? ''}</td><td>${Object.values(p.aliases).flat().length} aliases, ${Object.values(p.demonyms).flat().length} demonyms</td>
<td><a href="/config/places/${p.id}?base=${base.id}">Edit</a></td></tr>`)}
</tbody></table></section>
<section class="card"><h2>Threat phrases</h2>
<table class="config-phrases"><thead><tr><th>Lang</th><th>Id</th><th>Pattern</th><th>Category</th><th>Weight</th><th></th></tr></thead><tbody>
${content.lexicons.flatMap((l) => l.phrases.map((p) => html`<tr><td>${l.language}</td><td><code>${p.id ?? ''}</code></td><td><bdi dir="auto">${p.pattern}</bdi></td><td>${p.category}</td><td>${p.weight}</td>
<td><form method="post" action="/config/versions/${base.id}/edit">${csrf}<input type="hidden" name="op" value="phrase.remove"><input type="hidden" name="language" value="${l.language}"><input type="hidden" name="pattern" value="${p.pattern}"><button type="submit">Remove</button></form></td></tr>`))}
</tbody></table>
<form method="post" action="/config/versions/${base.id}/edit" class="inline-form" id="add-phrase">${csrf}<input type="hidden" name="op" value="phrase.upsert">
<label>Language <select name="language">${LANGUAGES.map((l) => html`<option>${l}</option>`)}</select></label>
<label>Pattern <input name="pattern" required maxlength="1000" dir="auto"></label>
<label>Category <select name="category">${CATEGORIES.map((c) => html`<option>${c}</option>`)}</select></label>
<label>Weight <input name="weight" type="number" min="0" max="1" step="0.05" value="0.8" required></label>
<label>Id <input name="id" maxlength="80" pattern="[a-z0-9]+([-_][a-z0-9]+)*"></label>
<button type="submit">Add phrase</button></form></section>
<section class="card"><h2>Thresholds</h2>
<form method="post" action="/config/versions/${base.id}/edit" class="inline-form" id="thresholds">${csrf}<input type="hidden" name="op" value="thresholds.severity">
${(['critical', 'high', 'medium', 'low'] as const).map((s) => html`<label>${s} <input name="${s}" type="number" min="0" max="1" step="0.01" value="${content.thresholds.severity[s]}"></label>`)}
<label>Alert from <select name="alert_min_severity">${(['critical', 'high', 'medium', 'low'] as const).map((s) => html`<option${s === content.thresholds.alert_min_severity ? ' selected' : ''}>${s}</option>`)}</select></label>
<button type="submit">Save thresholds</button></form>
<p>Modifier cues: ${content.modifiers.cues.length} (edit them through the YAML import or the API).</p></section>
<section class="card"><h2>Feeds</h2>
${content.feeds.feeds.length === 0 ? html`<p class="empty">No feeds in this version.</p>` : ''}
<table class="config-feeds"><tbody>${content.feeds.feeds.map((f) => html`<tr><td><b>${f.name}</b> (${f.kind})</td><td>${f.enabled ? 'enabled' : 'disabled'}, every ${f.interval}</td><td dir="auto">${f.affiliation ?? ''}</td>
<td><form method="post" action="/config/versions/${base.id}/edit">${csrf}<input type="hidden" name="op" value="feed.update"><input type="hidden" name="name" value="${f.name}"><input type="hidden" name="enabled" value="${f.enabled ? 'false' : 'true'}"><button type="submit">${f.enabled ? 'Disable' : 'Enable'}</button></form></td></tr>`)}</tbody></table>
<h3>Affiliated accounts</h3>
<ul>${(content.feeds.accounts ?? []).map((a) => html`<li><bdi>@${a.author}</bdi>${a.feed ? html` on ${a.feed}` : ''}: <span dir="auto">${a.affiliation}</span></li>`)}</ul>
<form method="post" action="/config/versions/${base.id}/edit" class="inline-form">${csrf}<input type="hidden" name="op" value="account.upsert">
<label>Account <input name="author" required maxlength="256"></label><label>Feed <input name="feed" maxlength="120"></label>
<label>Affiliation <input name="affiliation" required maxlength="120" dir="auto"></label><button type="submit">Tag account</button></form></section>
<section class="card"><h2>Try a text</h2>
<form method="post" action="/config/try" id="try-text">${csrf}<input type="hidden" name="version" value="${base.id}">
<label>Text <textarea name="text" rows="3" maxlength="20000" required dir="auto"></textarea></label><button type="submit">Score it</button></form></section>
<section class="card"><h2>Versions</h2>
<p><a href="/config/versions/${base.id}/export">Export version ${base.id} as YAML</a> · <a href="/config/import">Import YAML</a></p>
<table class="config-versions"><thead><tr><th>Version</th><th>Author</th><th>Created</th><th>Comment</th></tr></thead><tbody>
${input.versions.map((v) => html`<tr><td>${versionLabel(v)}</td><td><bdi>${v.author}</bdi></td><td>${when(v.createdAt)}</td><td dir="auto">${v.comment ?? ''}</td></tr>`)}
</tbody></table></section>`;
  return page(principal, 'Configuration', body);
}

/** One place's editor: its names per language and script, and a form to add one. */
export function placeEditPage(principal: Principal, base: VersionSummary, place: PlaceConfig, flash?: string): string {
  const csrf = csrfField(principal);
  const list = (kind: 'aliases' | 'demonyms') => LANGUAGES.map((language) => html`<tr><th>${kind} · ${language}</th><td>
${(place[kind][language] ?? []).map((name) => html`<form method="post" action="/config/versions/${base.id}/edit" class="name-chip">${csrf}
<input type="hidden" name="op" value="name.remove"><input type="hidden" name="place" value="${place.id}"><input type="hidden" name="kind" value="${kind}"><input type="hidden" name="language" value="${language}"><input type="hidden" name="text" value="${name}">
<bdi dir="auto">${name}</bdi> <button type="submit" aria-label="remove ${name}">×</button></form>`)}</td></tr>`);
  const body = html`<h1>${place.name} <bdi dir="auto">${place.name_ar ?? ''}</bdi></h1>
${flash ? html`<p class="error" role="alert">${flash}</p>` : ''}
<p><a href="/config?version=${base.id}">← Configuration</a> · editing version ${base.id}${base.active ? ' (active)' : ' (draft)'}; <code>${place.id}</code>, ${place.kind}${place.parent ? html`, part of <a href="/config/places/${place.parent}?base=${base.id}">${place.parent}</a>` : ''}</p>
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
  principal: Principal; version: VersionSummary; changes: readonly ConfigChange[]; validation: ValidationReport; flash?: string; backtest?: BacktestReport;
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
${version.active ? html`<form method="post" action="/config/rollback" id="rollback-form">${csrf}<button type="submit">Roll back to the previous version</button></form>`
    : html`<form method="post" action="/config/versions/${version.id}/activate" id="activate-form">${csrf}<button type="submit"${validation.ok ? '' : ' disabled'}>Activate version ${version.id}</button></form>`}
</div>
${input.backtest ? backtestBlock(input.backtest) : ''}`;
  return page(principal, `Version ${version.id}`, body);
}

function alertList(alerts: readonly BacktestAlert[], kind: 'added' | 'removed'): SafeHtml {
  if (alerts.length === 0) return html`<p class="empty">None.</p>`;
  return html`<ul class="backtest-${kind}">${alerts.map((a) => html`<li data-place="${a.placeId}" data-category="${a.category}"><b>${a.placeName}</b> · ${a.category} · ${a.severity} · ${a.postIds.length} post(s)
<ul>${a.examples.map((e) => html`<li><bdi dir="auto" class="post-text">${e.text}</bdi><br><small>${e.score} · ${e.explanation}</small></li>`)}</ul></li>`)}</ul>`;
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
<p><a href="/config${versionId ? `?version=${versionId}` : ''}">← Configuration</a> · scored with version ${analysis.configVersion}, model ${analysis.modelVersion}</p>
<div class="post"><bdi dir="auto" class="post-text">${text}</bdi></div>
<p id="try-result"><b>${analysis.severity}</b> · score ${analysis.score.toFixed(3)} · <span dir="auto">${analysis.explanation}</span></p>
<ul>${analysis.places.map((p) => html`<li>place: <mark class="hl-place">${p.span.text}</mark> → ${p.name} (${p.kind})</li>`)}
${analysis.signals.map((s) => html`<li>threat: <mark class="hl-threat">${s.span.text}</mark> (${s.category}, ${s.weight}, <code>${s.phraseId}</code>)</li>`)}
${analysis.modifiers.map((m) => html`<li>modifier: ${m.kind} “${m.span.text}” × ${m.factor}</li>`)}</ul>`;
  return page(principal, 'Try a text', body);
}

/** YAML export (one text per file, with `# file:` markers) and the import form that reads the same. */
export function yamlPage(principal: Principal, input: { versionId?: number; files?: Record<string, string>; flash?: string }): string {
  const bundle = input.files ? Object.entries(input.files).map(([name, text]) => `# file: ${name}\n${text}`).join('\n') : '';
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
