import { hash, verify } from '@node-rs/argon2';

/** Algorithm.Argon2id (a const enum, which isolated modules cannot import). */
const ARGON2ID = 2;

/** argon2id with OWASP's recommended minimum cost (19 MiB, 2 passes). */
export const hashPassword = (password: string) => hash(password, { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 });

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** A hash to verify against when the user does not exist, so timing does not reveal which usernames exist. */
let dummyHash: Promise<string> | undefined;
export const dummyPasswordHash = () => (dummyHash ??= hashPassword('not-a-real-password-' + Math.random()));

/** Magento's rule for admin passwords: at least 7 characters with both letters and digits. */
export function passwordProblem(password: string): string | null {
  if (password.length < 7) return 'Your password must be at least 7 characters.';
  if (!/[a-z]/i.test(password) || !/\d/.test(password)) return 'Your password must include both numeric and alphabetic characters.';
  if (password.length > 256) return 'Your password must be at most 256 characters.';
  return null;
}
