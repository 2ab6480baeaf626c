/** HTML that is already safe (built by `html`), as opposed to a string that must be escaped. */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Bidi embedding, override and isolate controls: they can reorder what a reviewer reads. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** Replaces bidi controls with a visible marker, so hostile text cannot reorder the page around it. */
export function neutraliseBidi(text: string): string {
  return text.replace(BIDI_CONTROLS, (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase()}]`);
}

/** Escapes text for an HTML body or a quoted attribute, after neutralising bidi controls. */
export function escapeHtml(text: string): string {
  return neutraliseBidi(text).replace(/[&<>"'`]/g, (c) => ESCAPES[c]!);
}

type Value = SafeHtml | string | number | boolean | null | undefined | readonly Value[];

function render(value: Value): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * Template tag that escapes every interpolated value unless it is SafeHtml: the only way pages are
 * built, so post text can never become markup. Attribute values must be quoted in the template.
 */
export function html(strings: TemplateStringsArray, ...values: Value[]): SafeHtml {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new SafeHtml(out);
}
