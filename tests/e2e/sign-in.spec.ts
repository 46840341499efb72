import { expect, test } from '@playwright/test';
import { MESSAGES } from './support/messages.js';
import { IDS, TEACHER, TRAVELLING_TEACHER } from './support/seed-data.js';

const t = MESSAGES.en;

test('signing in and out', async ({ page, context }) => {
  await page.goto(`/en/interviews/${IDS.publicInterview}`);
  await page.getByRole('link', { name: t.nav_sign_in }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(t.sign_in_title);

  await page.getByLabel(t.sign_in_email).fill(TEACHER.email);
  await page.getByLabel(t.sign_in_password).fill('not the password');
  await page.getByRole('button', { name: t.sign_in_submit }).click();
  await expect(page.getByRole('alert')).toHaveText(t.sign_in_failed);
  await expect(page.getByLabel(t.sign_in_email)).toHaveValue(TEACHER.email);

  await page.getByLabel(t.sign_in_password).fill(TEACHER.password);
  await page.getByRole('button', { name: t.sign_in_submit }).click();
  // Back where the visitor came from, signed in, with an httpOnly session cookie set by the site.
  await expect(page).toHaveURL(new RegExp(`/en/interviews/${IDS.publicInterview}$`));
  await expect(page.getByText(`Signed in as ${TEACHER.name}`)).toBeVisible();
  const session = (await context.cookies()).find((cookie) => cookie.name === 'archive_session');
  expect(session?.httpOnly).toBe(true);
  expect(session?.sameSite).toBe('Lax');

  await page.getByRole('button', { name: t.nav_sign_out, exact: true }).click();
  await expect(page).toHaveURL(/\/en$/);
  await expect(page.getByRole('link', { name: t.nav_sign_in })).toBeVisible();
  expect((await context.cookies()).some((cookie) => cookie.name === 'archive_session')).toBe(false);
});

test('sign-in works without JavaScript', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/ru/sign-in');
  await page.getByLabel(MESSAGES.ru.sign_in_email).fill(TEACHER.email);
  await page.getByLabel(MESSAGES.ru.sign_in_password).fill(TEACHER.password);
  await page.getByRole('button', { name: MESSAGES.ru.sign_in_submit }).click();
  await expect(page).toHaveURL(/\/ru$/);
  await expect(page.getByText(`Вы вошли как ${TEACHER.name}`)).toBeVisible();
  await context.close();
});

test('the site forwards GraphQL to the API with its Set-Cookie', async ({ request }) => {
  const response = await request.post('/graphql', {
    data: {
      query: 'mutation ($email: String!, $password: String!) { signIn(email: $email, password: $password) { user { name } } }',
      variables: { email: TEACHER.email, password: TEACHER.password },
    },
  });
  expect(response.status()).toBe(200);
  expect((await response.json()).data.signIn.user.name).toBe(TEACHER.name);
  const setCookie = response.headersArray().filter((h) => h.name.toLowerCase() === 'set-cookie');
  expect(setCookie.some((h) => /^archive_session=.+HttpOnly/i.test(h.value))).toBe(true);
});

test('signing out everywhere ends the session in another browser too', async ({ browser }) => {
  const signedIn = async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto('/en/sign-in');
    await page.getByLabel(t.sign_in_email).fill(TRAVELLING_TEACHER.email);
    await page.getByLabel(t.sign_in_password).fill(TRAVELLING_TEACHER.password);
    await page.getByRole('button', { name: t.sign_in_submit }).click();
    await expect(page.getByText(`Signed in as ${TRAVELLING_TEACHER.name}`)).toBeVisible();
    return page;
  };
  const school = await signedIn();
  const home = await signedIn();

  await home.getByRole('button', { name: t.nav_sign_out_everywhere }).click();
  await expect(home.getByRole('link', { name: t.nav_sign_in })).toBeVisible();
  // The other browser still holds its cookie, but the archive no longer knows the session.
  expect((await school.context().cookies()).some((cookie) => cookie.name === 'archive_session')).toBe(true);
  await school.reload();
  await expect(school.getByRole('link', { name: t.nav_sign_in })).toBeVisible();
  await expect(school.getByText(`Signed in as ${TRAVELLING_TEACHER.name}`)).toHaveCount(0);
  await school.context().close();
  await home.context().close();
});
