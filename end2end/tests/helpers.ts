import { expect, Page } from '@playwright/test';

/** Logs in as the demo user through the login form. */
export async function login(page: Page) {
  await page.goto('/login');
  await page.locator('input[name=email]').fill('demo@flyt.test');
  await page.locator('input[name=password]').fill('demo');
  await page.locator('form[action="/auth/login"] button[type=submit]').click();
  await expect(page.getByTestId('company-name')).toBeVisible();
}

/** Collects console and page errors; a refused input (4xx) is expected, a 5xx is not. */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}
