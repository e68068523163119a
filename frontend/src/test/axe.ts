import axe from 'axe-core';
import { expect } from 'vitest';

/**
 * Runs axe-core over the whole document (dialogs are portalled to <body>) and fails on any
 * serious or critical violation, naming the rule and the elements.
 */
export async function expectNoSeriousViolations(): Promise<void> {
  const results = await axe.run(document, {
    // jsdom does no layout, so colour contrast cannot be judged here (the browser e2e does)
    rules: { 'color-contrast': { enabled: false } },
  });
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) => `${violation.id}: ${violation.nodes.map((n) => String(n.target)).join(' | ')}`,
    );
  expect(serious).toEqual([]);
}
