import QRCode from 'qrcode';
import { SafeHtml } from './html.js';

/**
 * A QR code of `text` as inline SVG, drawn on the server: paths with fill and stroke attributes only
 * (no styles, no script, no data: URL), so it passes the strict CSP. The library builds the markup from
 * the code's modules, never from the text itself, so nothing of `text` reaches the page unescaped.
 *
 * @example const qr = await qrSvg(totpUri(secret, email), 'Authenticator setup code');
 */
export async function qrSvg(text: string, label: string): Promise<SafeHtml> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  const escapedLabel = label.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return new SafeHtml(svg.replace('<svg ', `<svg class="qr" role="img" aria-label="${escapedLabel}" `));
}
