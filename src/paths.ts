import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The project folder (where package.json is), whether this code runs from src/ or compiled into dist/. */
function projectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`No package.json above ${from}`);
  }
}

export const PROJECT_ROOT = projectRoot(import.meta.dirname);
export const PUBLIC_DIR = join(PROJECT_ROOT, 'public');
