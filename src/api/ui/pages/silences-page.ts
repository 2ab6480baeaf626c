import type { Principal } from '../../auth/principal.js';
import type { SilenceRow } from '../../../alerts/index.js';
import { html } from '../html.js';
import { renderPage } from '../layout.js';

/** Active silences with an end button each, and the form for a new one (reason, owner, expiry). */
export function silencesPage(
  principal: Principal,
  silences: readonly SilenceRow[],
  places: ReadonlyArray<{ id: string; name: string }>,
  error?: string,
): string {
  const csrf = html`<input type="hidden" name="_csrf" value="${principal.session?.csrf_token ?? ''}">`;
  const body = html`<h1>Silences</h1>
${error ? html`<p class="error" role="alert">${error}</p>` : ''}
<p>A silenced place or phrase keeps its alerts out of the queue until the silence ends; alerts still firing then show again.</p>
<table class="silences"><thead><tr><th>What</th><th>Reason</th><th>Owner</th><th>Ends</th><th></th></tr></thead><tbody>
${silences.map(
  (s) => html`<tr>
  <td>${s.kind === 'place' ? html`place <b>${s.place_id ?? ''}</b>` : html`phrase <bdi dir="auto">“${s.phrase ?? ''}”</bdi>`}</td>
  <td dir="auto">${s.reason}</td><td><bdi>${s.owner}</bdi></td>
  <td><time datetime="${new Date(s.expires_at).toISOString()}">${new Date(s.expires_at).toISOString().replace('T', ' ').slice(0, 16)} UTC</time></td>
  <td><form method="post" action="/silences/${s.id}/end">${csrf}<button type="submit">End now</button></form></td></tr>`,
)}
</tbody></table>
${silences.length ? '' : html`<p class="empty">No active silences.</p>`}
<h2>New silence</h2>
<form method="post" action="/silences" class="card">
  ${csrf}
  <label>Kind <select name="kind"><option value="place">place</option><option value="phrase">phrase</option></select></label>
  <label>Place <select name="place"><option value="">—</option>${places.map((p) => html`<option value="${p.id}">${p.name}</option>`)}</select></label>
  <label>Phrase <input name="phrase" maxlength="200" dir="auto"></label>
  <label>Reason <input name="reason" required minlength="3" maxlength="1000" dir="auto"></label>
  <label>Owner <input name="owner" required maxlength="320" value="${principal.user.email}"></label>
  <label>For (minutes) <input name="duration_minutes" type="number" min="1" max="43200" value="60" required></label>
  <button type="submit">Silence</button>
</form>`;
  return renderPage({ title: 'Silences', kind: 'silences', principal, body });
}
