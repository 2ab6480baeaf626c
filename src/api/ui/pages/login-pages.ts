import { html, type SafeHtml } from '../html.js';
import { renderPage } from '../layout.js';
import type { Principal } from '../../auth/principal.js';

/** The email + password form; `csrf` is the pre-login double-submit token. */
export function loginPage(csrf: string, error?: string): string {
  return renderPage({
    title: 'Sign in',
    kind: 'login',
    body: html`<section class="card narrow">
  <h1>Sign in</h1>
  ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
  <form method="post" action="/login">
    <input type="hidden" name="_csrf" value="${csrf}">
    <label>Email <input name="email" type="email" autocomplete="username" required maxlength="320" autofocus></label>
    <label>Password <input name="password" type="password" autocomplete="current-password" required maxlength="500"></label>
    <button type="submit">Sign in</button>
  </form>
</section>`,
  });
}

/** Second step: the 6-digit code from the user's authenticator. */
export function totpPage(principal: Principal, error?: string): string {
  return renderPage({
    title: 'Second factor',
    kind: 'login',
    principal,
    body: html`<section class="card narrow">
  <h1>Authenticator code</h1>
  ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
  <form method="post" action="/login/totp">
    <input type="hidden" name="_csrf" value="${principal.session?.csrf_token ?? ''}">
    <label>6-digit code <input name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" required maxlength="6" autofocus></label>
    <button type="submit">Continue</button>
  </form>
</section>`,
  });
}

/** TOTP enrolment: a QR code of the otpauth URI beside the secret and URI, then a code to confirm. */
export function enrolPage(principal: Principal, secret: string, uri: string, qr: SafeHtml, error?: string): string {
  const required = principal.stage === 'enrol';
  // Replacing an authenticator needs a code from the old one; the new one ends other sessions.
  const replacing = principal.stage === 'full' && principal.user.totpEnabled;
  return renderPage({
    title: 'Set up your authenticator',
    kind: 'login',
    principal,
    body: html`<section class="card narrow">
  <h1>Set up your authenticator</h1>
  <p>${required ? 'Your role requires a second factor.' : 'Add a second factor to your account.'}
     Add this key to an authenticator app (TOTP, 6 digits, 30 s), then enter the code it shows.
     ${replacing ? 'Your other sessions end when the new authenticator is confirmed.' : ''}</p>
  ${error ? html`<p class="error" role="alert">${error}</p>` : ''}
  <div class="enrol-codes">
    <figure class="qr-code" id="totp-qr">${qr}<figcaption>Scan with your authenticator app</figcaption></figure>
    <div>
      <p>Or type the secret key: <code class="secret" id="totp-secret">${secret}</code></p>
      <p>Or import this URI: <code class="secret" id="totp-uri">${uri}</code></p>
    </div>
  </div>
  <form method="post" action="/enrol">
    <input type="hidden" name="_csrf" value="${principal.session?.csrf_token ?? ''}">
    ${replacing ? html`<label>Code from your current authenticator <input name="currentCode" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" required maxlength="6"></label>` : ''}
    <label>Code from the new authenticator <input name="code" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" required maxlength="6" autofocus></label>
    <button type="submit">Confirm</button>
  </form>
</section>`,
  });
}
