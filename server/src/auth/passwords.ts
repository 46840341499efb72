import argon2 from 'argon2';

export const MIN_PASSWORD_LENGTH = 10;

// argon2id with the library's defaults (64 MiB, 3 passes): OWASP's recommended family.
export const hashPassword = (password: string) => argon2.hash(password, { type: argon2.argon2id });

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/** Verifying against this keeps a wrong e-mail as slow as a wrong password (no user enumeration by timing). */
let decoy: Promise<string> | undefined;
export const decoyHash = () => (decoy ??= hashPassword('decoy password that matches nobody'));
