import type { Principal } from '../auth/principal.js';
import { html, type SafeHtml } from './html.js';

export interface PageOptions {
  readonly title: string;
  readonly body: SafeHtml;
  readonly principal?: Principal | null;
  /** Marks the page for the script: queue, detail, login, silences. */
  readonly kind: string;
  readonly alertId?: string;
}

const SHORTCUTS: ReadonlyArray<[string, string]> = [
  ['j / k', 'next / previous alert'],
  ['o or Enter', 'show or hide its posts here'],
  ['shift O', 'open the selected alert'],
  ['a', 'acknowledge'],
  ['e', 'escalate'],
  ['r', 'resolve'],
  ['f', 'mark false positive'],
  ['n', 'write a note'],
  ['u', 'back to the queue'],
  ['?', 'show or hide this help'],
];

/** The page shell: our stylesheet and one script (CSP allows nothing else), header, help panel. */
export function renderPage(options: PageOptions): string {
  const principal = options.principal;
  const csrf = principal?.session?.csrf_token ?? '';
  const body = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="csrf-token" content="${csrf}">
<title>${options.title} · placewatch</title>
<link rel="stylesheet" href="/ui/app.css">
<script src="/ui/app.js" defer></script>
</head>
<body data-page="${options.kind}" data-alert-id="${options.alertId ?? ''}">
<header class="top">
  <a class="brand" href="/alerts">placewatch</a>
  ${
    principal && principal.stage === 'full'
      ? html`<nav>
    <a href="/alerts">Queue</a>
    <a href="/places">Places</a>
    ${principal.user.role !== 'officer' ? html`<a href="/silences">Silences</a>` : ''}
    <a href="/subscriptions">Subscriptions</a>
    ${principal.user.role === 'operator' || principal.user.role === 'admin' ? html`<a href="/notifications">Notifications</a>` : ''}
    ${principal.user.role === 'operator' || principal.user.role === 'admin' ? html`<a href="/feeds">Feeds</a>` : ''}
    ${principal.user.role === 'operator' || principal.user.role === 'admin' ? html`<a href="/failed">Failed posts</a>` : ''}
    ${principal.user.role === 'operator' || principal.user.role === 'admin' ? html`<a href="/config">Config</a>` : ''}
    <a href="/docs">API</a>
  </nav>
  <span class="who"><bdi>${principal.user.email}</bdi> · ${principal.user.role}</span>
  <span id="live-status" class="live" aria-live="polite"></span>
  <button type="button" class="help-button" data-help-toggle aria-controls="help">? Shortcuts</button>`
      : ''
  }
  ${principal ? html`<form method="post" action="/logout" class="logout"><input type="hidden" name="_csrf" value="${csrf}"><button type="submit">Log out</button></form>` : ''}
</header>
<main id="main">${options.body}</main>
${
  principal?.stage === 'full'
    ? html`<section id="help" class="help" hidden aria-label="Keyboard shortcuts">
  <h2>Keyboard shortcuts</h2>
  <dl>${SHORTCUTS.map(([key, what]) => html`<dt><kbd>${key}</kbd></dt><dd>${what}</dd>`)}</dl>
  <button type="button" data-help-toggle>Close</button>
</section>`
    : ''
}
</body>
</html>`;
  return body.value;
}
