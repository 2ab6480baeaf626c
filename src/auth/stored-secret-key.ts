import { createHash, randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The variable holding the passphrase that encrypts secrets stored in the database. */
export const STORED_SECRET_KEY_ENV = 'PLACEWATCH_SECRET_KEY';
/** Where the key lives, next to the embedded database, when the variable is unset. */
export const STORED_SECRET_KEY_FILE = 'secret.key';

/** The two settings that locate the key (process.env and the parsed environment both fit). */
type KeyEnv = { readonly PLACEWATCH_SECRET_KEY?: string | undefined; readonly PLACEWATCH_DATA_DIR?: string | undefined };

const fromFiles = new Map<string, Buffer>();

/**
 * The 32-byte key for secrets at rest (TOTP secrets): the SHA-256 of PLACEWATCH_SECRET_KEY, or, when
 * it is unset, of a random key kept in `<PLACEWATCH_DATA_DIR>/secret.key` (created 0600 on first
 * use) so the two-command quick start works. Either way the key is never in the database, so a
 * database dump alone yields no second factor. Processes on several machines must share the
 * variable: a key file of one machine cannot decrypt what another wrote.
 */
export function storedSecretKey(env: KeyEnv = process.env): Buffer {
  const passphrase = env.PLACEWATCH_SECRET_KEY;
  if (passphrase) return sha256(passphrase);
  const file = path.resolve(env.PLACEWATCH_DATA_DIR || './data', STORED_SECRET_KEY_FILE);
  let key = fromFiles.get(file);
  if (!key) {
    key = sha256(readOrCreateKeyFile(file));
    fromFiles.set(file, key);
  }
  return key;
}

/** True when no PLACEWATCH_SECRET_KEY is set and the data-directory key file is in use. */
export function usesKeyFile(env: KeyEnv = process.env): boolean {
  return !env.PLACEWATCH_SECRET_KEY;
}

function readOrCreateKeyFile(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  // Written whole under a private name, then linked into place: link fails when the file exists, so
  // two processes starting together both end up reading the first one's complete key.
  const draft = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(draft, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
  try {
    linkSync(draft, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(draft);
  }
  const content = readFileSync(file, 'utf8').trim();
  if (content.length < 16) throw new Error(`${file} holds no usable key; set ${STORED_SECRET_KEY_ENV} or delete the file`);
  return content;
}

function sha256(material: string): Buffer {
  return createHash('sha256').update(material).digest();
}
