import { isPlacewatchError } from '../errors.js';
import type { Runtime } from '../runtime/index.js';
import { countUsers } from './user-repository.js';
import { addUser } from './user-service.js';

export const DEMO_ADMIN_EMAIL = 'admin@placewatch.local';

/**
 * On an empty users table, creates `admin@placewatch.local` with a generated password and prints
 * the login once to stdout (it is never stored in clear). The admin enrols a TOTP authenticator
 * on first login, as every admin must. Returns the password when one was created.
 */
export async function ensureDemoAdmin(runtime: Runtime, out: NodeJS.WritableStream = process.stdout): Promise<string | undefined> {
  if ((await countUsers(runtime.database.db)) > 0) return undefined;
  let generatedPassword: string | undefined;
  try {
    ({ generatedPassword } = await addUser(runtime.database.db, { email: DEMO_ADMIN_EMAIL, role: 'admin', actor: 'system' }));
  } catch (error) {
    // Another API process bootstrapped at the same moment: its login is the one printed.
    if (isPlacewatchError(error) || (error as { code?: string }).code === '23505') return undefined;
    throw error;
  }
  const url = `${runtime.publicUrl.replace(/\/$/, '')}/login`;
  out.write(
    // Every empty database gets this account, a real deployment's as much as the demo's: the banner says what it is.
    `\nplacewatch first admin login (shown once): ${url}\n  email:    ${DEMO_ADMIN_EMAIL}\n  password: ${generatedPassword}\n` +
      '  On first login you enrol an authenticator app (TOTP); the page shows the secret and an otpauth:// URI.\n\n',
  );
  return generatedPassword;
}
