/**
 * The security code as a person reads it: "Compare code" on the other person's tile opens the
 * "Compare security code" dialog, the one place the code is shown. Its tests compare what two pages
 * read for the link between them.
 */
import type { Page } from 'playwright-core';

const WAIT = { timeout: 30_000 };

/** Opens the dialog from `other`'s tile, waits for the code of the link, closes it and returns the code. */
export async function readSecurityCode(page: Page, other: string): Promise<string> {
  await page
    .getByRole('figure', { name: `Camera of ${other}` })
    .getByRole('button', { name: `Compare code with ${other}`, exact: true })
    .click(WAIT);
  const dialog = page.getByRole('dialog', { name: `Compare security code with ${other}` });
  const code = dialog.getByLabel(new RegExp(`^Security code with ${other}: `));
  await code.waitFor(WAIT);
  const label = (await code.getAttribute('aria-label')) ?? '';
  await dialog.getByRole('button', { name: 'Close', exact: true }).click();
  await dialog.waitFor({ state: 'detached' });
  return label.replace(`Security code with ${other}: `, '');
}
