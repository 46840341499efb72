/**
 * Issue 14: the sign-in limit counts each attempt atomically before the password is verified, so a
 * parallel burst cannot pass it whole (on FerretDB, $inc counters lost updates under such a burst),
 * and X-Forwarded-For counts only from a proxy configured as trusted.
 */
import argon2 from 'argon2';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Role } from '../../server/src/access/levels.js';
import { startTestArchive, type TestArchive } from '../support/archive.js';

let archive: TestArchive;
beforeAll(async () => {
  // No proxy trusted: the test client on loopback is the client itself.
  archive = await startTestArchive({ SIGN_IN_ATTEMPTS: '5', TRUST_PROXY: 'false' });
});
afterAll(async () => {
  await archive?.close();
});
afterEach(() => {
  vi.restoreAllMocks();
});

const SIGN_IN = 'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { __typename } }';

async function signIn(email: string, password: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${archive.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: SIGN_IN, variables: { e: email, p: password } }),
  });
  const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
  return body.errors?.[0]?.extensions?.code ?? 'OK';
}

describe('sign-in limit', () => {
  it('a burst of 50 parallel wrong passwords: at most the limit (5) are verified, the rest refused', async () => {
    const { email } = await archive.userWithRoles([Role.researcher]);
    const verify = vi.spyOn(argon2, 'verify');
    const codes = await Promise.all(Array.from({ length: 50 }, () => signIn(email, 'wrong password, guessed')));
    expect(verify.mock.calls.length).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c === 'UNAUTHENTICATED').length).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS').length).toBeGreaterThanOrEqual(45);
    // The right password is refused too until the window ends.
    expect(await signIn(email, 'correct horse battery staple')).toBe('TOO_MANY_REQUESTS');
  });

  it('X-Forwarded-For from an untrusted peer does not give a fresh address to count on', async () => {
    await archive.db.models.SignInAttempt.deleteMany({});
    // 50 addresses' worth of tries (limit 5 × 10) from "different" forwarded addresses: all one client.
    const codes: string[] = [];
    for (let i = 0; i < 52; i++) {
      codes.push(await signIn(`nobody-${i}@example.org`, 'wrong password', { 'x-forwarded-for': `203.0.113.${i}` }));
    }
    expect(codes.slice(0, 50).every((c) => c === 'UNAUTHENTICATED')).toBe(true);
    expect(codes.slice(50)).toEqual(['TOO_MANY_REQUESTS', 'TOO_MANY_REQUESTS']);
  }, 120_000);
});

describe('trusted proxy', () => {
  let proxied: TestArchive;
  beforeAll(async () => {
    proxied = await startTestArchive({ TRUST_PROXY: 'loopback' });
  });
  afterAll(async () => {
    await proxied?.close();
  });

  it('believes X-Forwarded-For from a configured proxy: each forwarded address is counted on its own', async () => {
    await fetch(`${proxied.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7' },
      body: JSON.stringify({ query: SIGN_IN, variables: { e: 'someone@example.org', p: 'wrong password' } }),
    });
    const keys = (await proxied.db.models.SignInAttempt.find().lean()).map((a) => a.key).sort();
    expect(keys).toEqual(['email:someone@example.org', 'ip:198.51.100.7']);
  });
});
