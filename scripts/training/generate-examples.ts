/**
 * Writes project-written, labelled training examples for the threat model:
 *   models/training/generated-examples.jsonl  (one example per line)
 *   models/training/generated-places.yaml     (the invented places the texts name, config/places.yaml shape)
 *   models/training/generated-actors.yaml     (the invented factions and people of the threat_person negatives)
 * The threat/non-threat rows come first; the contrast rows (contrasts.ts: threat frames with a benign
 * predicate) are appended after them with ids continuing the sequence, drawn from a PRNG of their own
 * so that adding them left the earlier rows unchanged. The everyday rows (everyday.ts: ordinary talk
 * about life in a place) follow the contrasts the same way, with a PRNG of their own.
 * Deterministic: seeded PRNGs drive every choice, so a rerun is byte-identical.
 *
 * Run: npx tsx scripts/training/generate-examples.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { composeExample } from './compose-example.js';
import { generateContrasts } from './contrasts.js';
import { generateEveryday } from './everyday.js';
import { LANGS, type ExampleRow } from './example-types.js';
import { INVENTED_FACTIONS, INVENTED_PERSONS, INVENTED_PLACES } from './invented-places.js';
import { BANKS } from './language-banks.js';
import { RandomSource } from './random-source.js';
import { summarize } from './summarize-examples.js';

const SEED = 0x9ace_2025;
const ROWS_PER_LANGUAGE = 1800;
const CONTRAST_SEED = 0xc0_7a57;
const CONTRASTS_PER_LANGUAGE = 520;
const EVERYDAY_SEED = 0xe7e2_da75;
const EVERYDAY_PER_LANGUAGE = 620;
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT_DIR = join(ROOT, 'models', 'training');

/** Generates every row: half threats, half not, per language; duplicates are redrawn. */
function generateRows(rng: RandomSource): ExampleRow[] {
  const seen = new Set<string>();
  const rows: ExampleRow[] = [];
  for (const lang of LANGS) {
    const bank = BANKS[lang];
    for (let i = 0; i < ROWS_PER_LANGUAGE; i++) {
      const threat = i % 2 === 0;
      for (let attempt = 0; ; attempt++) {
        const row = composeExample(rng, bank, threat);
        const key = row.text.toLowerCase();
        if (!seen.has(key)) {
          seen.add(key);
          rows.push(row);
          break;
        }
        if (attempt > 60) throw new Error(`${lang}: could not draw a new ${threat ? 'threat' : 'non-threat'} after 60 tries`);
      }
    }
  }
  // Mix languages and labels so that any prefix of the file is a fair sample.
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  return rows.map((r, i) => ({ ...r, id: `gen-${String(i + 1).padStart(5, '0')}` }));
}

/** The invented places in exactly the shape of config/places.yaml's `places:` entries. */
function placesYaml(): string {
  const places = INVENTED_PLACES.map((p) => ({
    id: p.id,
    name: p.name,
    name_ar: p.name_ar,
    kind: p.kind,
    ...(p.parent ? { parent: p.parent } : {}),
    aliases: { en: [...p.aliases.en], ar: [...p.aliases.ar], arabizi: [...p.aliases.arabizi] },
    ...(p.demonyms ? { demonyms: { en: [...p.demonyms.en], ar: [...p.demonyms.ar] } } : {}),
  }));
  const header =
    '# Invented places named by models/training/generated-examples.jsonl (written by\n' +
    '# scripts/training/generate-examples.ts; edit invented-places.ts, not this file). None is a real place.\n' +
    '# Entries have the shape of config/places.yaml `places:`; the texts only spell them as listed here,\n' +
    '# inside the resident frames, vocatives and hashtag forms the matcher already generates.\n';
  return header + stringify({ places }, { lineWidth: 0, flowCollectionPadding: false });
}

function actorsYaml(): string {
  const header = '# Invented armed factions and people named by the threat_person negatives (generate-examples.ts).\n';
  return header + stringify({ factions: INVENTED_FACTIONS, persons: INVENTED_PERSONS }, { lineWidth: 0 });
}

const mainRows = generateRows(new RandomSource(SEED));
const contrasts = generateContrasts(new RandomSource(CONTRAST_SEED), CONTRASTS_PER_LANGUAGE, new Set(mainRows.map((r) => r.text.toLowerCase())));
const withId = (r: ExampleRow, i: number): ExampleRow => ({ ...r, id: `gen-${String(i + 1).padStart(5, '0')}` });
const earlier = [...mainRows, ...contrasts.map((r, i) => withId(r, mainRows.length + i))];
const everyday = generateEveryday(new RandomSource(EVERYDAY_SEED), EVERYDAY_PER_LANGUAGE, new Set(earlier.map((r) => r.text.toLowerCase())));
const rows = [...earlier, ...everyday.map((r, i) => withId(r, earlier.length + i))];
mkdirSync(OUT_DIR, { recursive: true });
writeFileSync(join(OUT_DIR, 'generated-examples.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
writeFileSync(join(OUT_DIR, 'generated-places.yaml'), placesYaml());
writeFileSync(join(OUT_DIR, 'generated-actors.yaml'), actorsYaml());
process.stdout.write(summarize(rows));
