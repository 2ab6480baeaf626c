import type { Principal } from '../../auth/principal.js';
import { html } from '../html.js';
import { renderPage } from '../layout.js';

/** A plain error page for browser routes (the API answers JSON). */
export function errorPage(status: number, message: string, principal?: Principal | null): string {
  return renderPage({
    title: `Error ${status}`,
    kind: 'error',
    principal: principal ?? null,
    body: html`<section class="card narrow"><h1>${status === 404 ? 'Not found' : 'Something went wrong'}</h1><p>${message}</p><p><a href="/alerts">Back to the queue</a></p></section>`,
  });
}
