/**
 * axe-core in a real page, for browser tests of any screen: `await expectNoAxeViolations(page, 'Join,
 * dark')` fails with every violation listed (rule, impact, the offending elements and why).
 *
 * axe is evaluated through the DevTools protocol, which the page's CSP does not govern, so the app
 * runs under its real policy while it is checked.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import type { AxeResults, Result, RunOptions } from 'axe-core';
import { expect } from 'vitest';
import { REPO_ROOT } from '../support/server-process';

const AXE_SOURCE = readFileSync(resolve(REPO_ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** WCAG 2.x A and AA plus axe's best practices (landmarks, one main, heading order…). */
const OPTIONS: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  resultTypes: ['violations'],
};

/** Violations in a form a person can act on: one block per rule, one line per element. */
export function describeViolations(violations: Result[]): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes
        .map(
          (node) => `    ${node.target.join(' ')}\n      ${node.failureSummary?.replace(/\n/g, '\n      ')}`,
        )
        .join('\n');
      return `${violation.id} (${violation.impact}): ${violation.help}\n  ${violation.helpUrl}\n${nodes}`;
    })
    .join('\n\n');
}

export async function axeViolations(page: Page, options: RunOptions = OPTIONS): Promise<Result[]> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate(
    (runOptions) =>
      (window as unknown as { axe: { run(o: unknown): Promise<AxeResults> } }).axe.run(runOptions),
    options as unknown,
  );
  return results.violations;
}

export async function expectNoAxeViolations(page: Page, label: string, options?: RunOptions): Promise<void> {
  const violations = await axeViolations(page, options);
  if (violations.length > 0)
    process.stderr.write(`\n--- axe: ${label} ---\n${describeViolations(violations)}\n`);
  expect(
    violations.map((v) => v.id),
    `axe violations on ${label}`,
  ).toEqual([]);
}
