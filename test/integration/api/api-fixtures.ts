import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { appendAlertEvent } from '../../../src/alert-events/index.js';
import { insertAlert, insertEvidence, updateAlert } from '../../../src/alerts/alert-repository.js';
import { publishAlertChanges } from '../../../src/alerts/index.js';
import type { Severity } from '../../../src/config/index.js';
import { createApiToken, currentTotp, newTotpSecret, sealTotpSecret, storedSecretKey } from '../../../src/auth/index.js';
import type { Database } from '../../../src/db/schema.js';
import type { Runtime } from '../../../src/runtime/index.js';
import { addUser, findUserByEmail, updateUser, type UserRole } from '../../../src/users/index.js';

export const PASSWORD = 'correct horse battery staple';
export const ROLES: readonly UserRole[] = ['officer', 'reviewer', 'operator', 'admin'];

export interface SeededUser {
  readonly email: string;
  readonly role: UserRole;
  readonly totpSecret: string | null;
}

/** One user per role; operators and admins already enrolled in TOTP; the officer covers Darat Izza. */
export async function seedUsers(db: Kysely<Database>, suffix = ''): Promise<Record<UserRole, SeededUser>> {
  const users = {} as Record<UserRole, SeededUser>;
  for (const role of ROLES) {
    const email = `${role}${suffix}@example.org`;
    await addUser(db, { email, role, password: PASSWORD, places: role === 'officer' ? ['darat-izza'] : [], actor: 'test' });
    let totpSecret: string | null = null;
    if (role === 'operator' || role === 'admin') {
      totpSecret = newTotpSecret();
      const row = (await findUserByEmail(db, email))!;
      // Stored sealed, as enrolment stores it; the key is the one the test runtime's env (a copy of process.env) picks.
      await updateUser(db, row.id, { totp_secret: sealTotpSecret(storedSecretKey(process.env), totpSecret) });
    }
    users[role] = { email, role, totpSecret };
  }
  return users;
}

export interface AlertSeed {
  readonly placeId?: string;
  readonly placeName?: string;
  readonly category?: string;
  readonly severity?: Severity;
  readonly score?: number;
  readonly text?: string;
  readonly lang?: string;
  readonly feed?: string;
  readonly url?: string | null;
  readonly author?: string;
  readonly publishedAt?: Date;
  /** Substrings of `text` to mark as place name and threat words in the explanation. */
  readonly placeWord?: string;
  readonly threatWord?: string;
}

let counter = 0;

/**
 * Inserts a post and an alert with that post as evidence, through the alert repository, as the
 * analyzer would (opened event included). Returns the alert and post ids.
 */
export async function seedAlert(db: Kysely<Database>, seed: AlertSeed = {}): Promise<{ alertId: string; postId: string }> {
  counter += 1;
  const text = seed.text ?? 'They threaten to slaughter the people of Darat Izza tonight';
  const placeWord = seed.placeWord ?? (text.includes('Darat Izza') ? 'Darat Izza' : undefined);
  const threatWord = seed.threatWord ?? (text.includes('slaughter') ? 'slaughter' : undefined);
  const span = (word: string | undefined) => {
    if (!word) return undefined;
    const start = text.indexOf(word);
    return start < 0 ? undefined : { start, end: start + word.length, text: word };
  };
  const placeSpan = span(placeWord);
  const threatSpan = span(threatWord);
  const severity = seed.severity ?? 'high';
  const category = seed.category ?? 'death_threat';
  const placeId = seed.placeId ?? 'darat-izza';
  const publishedAt = seed.publishedAt ?? new Date(Date.now() - counter * 1000);
  const explanation = {
    score: seed.score ?? 0.8,
    severity,
    category,
    targets: [],
    configVersion: 'test',
    modelVersion: 'test',
    places: placeSpan ? [{ placeId, rollupPlaceId: placeId, name: seed.placeName ?? 'Darat Izza', kind: 'alias', span: placeSpan }] : [],
    signals: threatSpan ? [{ phraseId: 't1', pattern: threatWord, category, weight: 1, span: threatSpan }] : [],
    modifiers: [],
    explanation: `${category} against ${seed.placeName ?? 'Darat Izza'}`,
  };
  return db.transaction().execute(async (tx) => {
    const post = await tx
      .insertInto('posts')
      .values({
        feed: seed.feed ?? 'test-feed',
        external_id: `ext-${counter}-${Math.random().toString(36).slice(2)}`,
        author_handle: seed.author ?? `author${counter}`,
        text,
        lang: seed.lang ?? 'en',
        published_at: publishedAt,
        url: seed.url === undefined ? `https://example.org/post/${counter}` : seed.url,
        links: '[]',
        media: '[]',
        score: seed.score ?? 0.8,
        severity,
        analysis: JSON.stringify(explanation),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const alert = await insertAlert(tx, {
      placeId,
      placeName: seed.placeName ?? 'Darat Izza',
      category,
      severity,
      score: seed.score ?? 0.8,
      seenAt: publishedAt,
    });
    await insertEvidence(tx, { alertId: alert.id, postId: post.id, placeId, score: seed.score ?? 0.8, severity, category, explanation });
    await appendAlertEvent(tx, { alertId: alert.id, actor: 'analyzer', action: 'opened', toStatus: 'new', data: { postId: post.id } });
    await updateAlert(tx, alert.id, {
      post_count: 1,
      distinct_authors: 1,
      distinct_sources: 1,
      representative_post_id: post.id,
      category_counts: { [category]: 1 },
    });
    return { alertId: alert.id, postId: post.id };
  });
}

/** Adds one more evidence post to an existing alert (for split tests). */
export async function addEvidencePost(db: Kysely<Database>, alertId: string, text: string): Promise<string> {
  counter += 1;
  const post = await db
    .insertInto('posts')
    .values({
      feed: 'test-feed',
      external_id: `ext-extra-${counter}-${Math.random()}`,
      author_handle: `a${counter}`,
      text,
      lang: 'en',
      published_at: new Date(),
      links: '[]',
      media: '[]',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await insertEvidence(db, {
    alertId,
    postId: post.id,
    placeId: 'darat-izza',
    score: 0.6,
    severity: 'medium',
    category: 'death_threat',
    explanation: { places: [], signals: [] },
  });
  await updateAlert(db, alertId, { post_count: 2 });
  return post.id;
}

/** Raises an alert as the pipeline would, and announces it (the hook the analyzer calls). */
export async function raiseAlert(runtime: Runtime, seed: AlertSeed = {}): Promise<string> {
  const { alertId } = await seedAlert(runtime.database.db, seed);
  await publishAlertChanges(runtime.redis, runtime.queuePrefix, [alertId]);
  return alertId;
}

export interface Session {
  readonly cookie: string;
  readonly csrf: string;
}

/** Logs in through the JSON API (double-submit CSRF, TOTP where enrolled); returns cookie + CSRF. */
export async function login(app: FastifyInstance, user: SeededUser, options: { ip?: string; totpAt?: number } = {}): Promise<Session> {
  const pre = await app.inject({ method: 'GET', url: '/api/auth/csrf' });
  const preCookie = cookiePair(pre.headers['set-cookie'], 'pw_csrf');
  const { csrfToken } = pre.json() as { csrfToken: string };
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: options.ip ?? '10.9.9.9',
    headers: { cookie: preCookie, 'x-csrf-token': csrfToken },
    payload: { email: user.email, password: PASSWORD, ...(user.totpSecret ? { totp: currentTotp(user.totpSecret, options.totpAt) } : {}) },
  });
  if (response.statusCode !== 200) throw new Error(`login ${user.email} failed: ${response.statusCode} ${response.body}`);
  const body = response.json() as { stage: string; csrfToken: string };
  if (body.stage !== 'full') throw new Error(`login ${user.email} stopped at ${body.stage}`);
  return { cookie: cookiePair(response.headers['set-cookie'], 'pw_session'), csrf: body.csrfToken };
}

/** `name=value` of one cookie from set-cookie headers. */
export function cookiePair(header: string | string[] | undefined, name: string): string {
  const all = Array.isArray(header) ? header : header ? [header] : [];
  const found = all.find((c) => c.startsWith(`${name}=`));
  if (!found) throw new Error(`no ${name} cookie in ${JSON.stringify(all)}`);
  return found.split(';')[0]!;
}

export async function tokenFor(db: Kysely<Database>, email: string): Promise<string> {
  return (await createApiToken(db, email, { actor: 'test' })).token;
}
