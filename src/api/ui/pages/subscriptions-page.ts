import { ALERT_SEVERITIES } from '../../../config/index.js';
import { channelKinds, isSignedChannel, type SubscriptionView } from '../../../notify/index.js';
import type { Principal } from '../../auth/principal.js';
import { html, type SafeHtml } from '../html.js';
import { renderPage } from '../layout.js';

export interface SubscriptionsPageData {
  readonly subscriptions: readonly SubscriptionView[];
  /** Places the form offers: an officer's assigned places, everyone else's all places. */
  readonly places: ReadonlyArray<{ id: string; name: string }>;
  /** Whether "all places" may be chosen (not for officers). */
  readonly allPlaces: boolean;
  /** Owner e-mails by user id, shown to those who manage everyone's subscriptions. */
  readonly owners: ReadonlyMap<number, string> | null;
  readonly error?: string | undefined;
  /** A signing secret just created or rotated: shown this once. */
  readonly secret?: { readonly name: string; readonly value: string } | undefined;
}

/** The subscriptions list (own, or everyone's for operators) with rotate/delete, and the form for a new one. */
export function subscriptionsPage(principal: Principal, data: SubscriptionsPageData): string {
  const csrf = html`<input type="hidden" name="_csrf" value="${principal.session?.csrf_token ?? ''}">`;
  const body = html`<h1>Subscriptions</h1>
${data.error ? html`<p class="error" role="alert">${data.error}</p>` : ''}
${
  data.secret
    ? html`<div class="flash" role="status"><p>Signing secret of <b>${data.secret.name}</b>, shown this once: copy it to the receiver now.</p>
  <p><code class="secret">${data.secret.value}</code></p></div>`
    : ''
}
<p>${data.owners ? 'Every subscription, whoever owns it.' : 'Your subscriptions: where alerts for your places are sent.'}
Webhooks are signed (Standard Webhooks); a rotated secret keeps signing beside the new one for a day.</p>
<table class="subscriptions"><thead><tr><th>Name</th>${data.owners ? html`<th>Owner</th>` : ''}<th>Places</th><th>From</th><th>Channel</th><th>Target</th><th>Enabled</th><th></th></tr></thead><tbody>
${data.subscriptions.map((s) => row(s, data.owners, csrf))}
</tbody></table>
${data.subscriptions.length ? '' : html`<p class="empty">No subscriptions yet.</p>`}
<h2>New subscription</h2>
${newForm(data, csrf)}`;
  return renderPage({ title: 'Subscriptions', kind: 'subscriptions', principal, body });
}

function row(s: SubscriptionView, owners: ReadonlyMap<number, string> | null, csrf: SafeHtml): SafeHtml {
  const owner = s.owner_user_id === null ? 'config' : (owners?.get(s.owner_user_id) ?? `user ${s.owner_user_id}`);
  return html`<tr>
  <td><b>${s.name}</b></td>${owners ? html`<td><bdi>${owner}</bdi></td>` : ''}
  <td>${s.places === 'all' ? 'all places' : s.places.join(', ')}</td>
  <td><span class="badge sev-${s.min_severity}">${s.min_severity}</span></td>
  <td>${s.channel}${s.has_secret ? html` <span class="muted">signed${s.previous_secret_valid_until ? ', rotating' : ''}</span>` : ''}</td>
  <td><bdi class="target">${s.target ?? ''}</bdi></td>
  <td>${s.enabled ? 'yes' : 'no'}</td>
  <td class="row-actions">${isSignedChannel(s.channel) ? html`<form method="post" action="/subscriptions/${s.id}/rotate">${csrf}<button type="submit">Rotate secret</button></form>` : ''}
    <form method="post" action="/subscriptions/${s.id}/delete">${csrf}<button type="submit">Delete</button></form></td></tr>`;
}

function newForm(data: SubscriptionsPageData, csrf: SafeHtml): SafeHtml {
  return html`<form method="post" action="/subscriptions" class="card subscription-form">
  ${csrf}
  <label>Name <input name="name" required maxlength="64" pattern="[a-z0-9]+([\\-_][a-z0-9]+)*" placeholder="my-phone"></label>
  <label>Places <select name="places" multiple required size="${Math.min(6, data.places.length + (data.allPlaces ? 1 : 0))}">
    ${data.allPlaces ? html`<option value="all">All places</option>` : ''}
    ${data.places.map((p) => html`<option value="${p.id}">${p.name}</option>`)}
  </select></label>
  <label>From severity <select name="min_severity">${ALERT_SEVERITIES.map((s) => html`<option value="${s}"${s === 'high' ? html` selected` : ''}>${s}</option>`)}</select></label>
  <label>Channel <select name="channel">${channelKinds().map((c) => html`<option value="${c}">${c}</option>`)}</select></label>
  <label>Target <input name="target" maxlength="2000" placeholder="https://…, e-mail address or chat id"></label>
  <label>Detail <select name="detail"><option value="">channel default</option><option value="minimal">minimal</option><option value="full">full</option></select></label>
  <label>Language <select name="language"><option value="en">English</option><option value="ar">Arabic</option></select></label>
  <button type="submit">Subscribe</button>
</form>`;
}
