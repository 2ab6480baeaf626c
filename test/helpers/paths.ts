import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SHIPPED_CONFIG = path.join(PROJECT_ROOT, 'config');
/** The shared datasets and captured payloads beside the checkout (absent outside development and CI). */
export const SHARED_DIR = path.resolve(PROJECT_ROOT, '..', 'shared');
