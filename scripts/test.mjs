#!/usr/bin/env node
/**
 * `npm test`: typecheck, lint, unit and integration tests, the web client build, then the browser
 * end-to-end tests inside a loopback-only network namespace. Every step runs even if an earlier one
 * failed, so one run shows everything that is broken. Ends with one line: `N passed, N failed`.
 * Static steps (typecheck, lint, build) count as one check each; test runs count their tests.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const reports = mkdtempSync(join(tmpdir(), 'nearcast-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const summary = [];
/** Every failed test, named with its file, so the last lines of a long log say what broke. */
const failures = [];

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  return result.status === 0;
}

function check(name, command, args) {
  console.log(`\n▶ ${name}`);
  const ok = run(command, args);
  totals[ok ? 'passed' : 'failed'] += 1;
  summary.push(`${ok ? 'ok  ' : 'FAIL'} ${name}`);
  return ok;
}

/** The first non-empty line of a failure, trimmed to one readable line. */
function firstLine(messages) {
  const text = (messages ?? []).filter(Boolean).join('\n');
  const line = text.split('\n').find((l) => l.trim() !== '') ?? 'no message';
  return line.trim().slice(0, 300);
}

function tests(name, command, args) {
  console.log(`\n▶ ${name}`);
  const file = join(reports, `${name.replace(/\W+/g, '-')}.json`);
  const ok = run(command, [...args, '--reporter=default', '--reporter=json', `--outputFile.json=${file}`]);
  if (!existsSync(file)) {
    totals.failed += 1;
    summary.push(`FAIL ${name}: the test runner produced no report`);
    return;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const passed = report.numPassedTests ?? 0;
  // A file that fails to load has no failed test but is a failure all the same; a file whose tests
  // failed is already counted through them. Each is named, with its file, for the summary.
  let loadErrors = 0;
  for (const file of report.testResults ?? []) {
    const where = relative(process.cwd(), file.name ?? '');
    const failedTests = (file.assertionResults ?? []).filter((t) => t.status === 'failed');
    for (const t of failedTests)
      failures.push(`${where} > ${t.fullName ?? t.title}: ${firstLine(t.failureMessages)}`);
    if (file.status === 'failed' && failedTests.length === 0) {
      loadErrors += 1;
      failures.push(`${where}: ${firstLine([file.message])}`);
    }
  }
  const failed = (report.numFailedTests ?? 0) + loadErrors;
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  totals.passed += passed;
  totals.failed += failed;
  totals.skipped += skipped;
  if (!ok && failed === 0) totals.failed += 1;
  summary.push(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${passed} passed, ${failed} failed, ${skipped} skipped`);
}

check('typecheck', npm, ['run', '--silent', 'typecheck']);
check('lint', npm, ['run', '--silent', 'lint']);
tests('unit and integration tests', npx, ['vitest', 'run', '--project', 'unit', '--project', 'renderer']);
// Builds main and preload into a temporary folder and scans them with the sources, with every network
// access fatal (test/support/no-network.mjs): the scan must work offline, as every test here does.
check('electronegativity security scan', process.execPath, [
  '--import',
  './test/support/no-network.mjs',
  'scripts/electronegativity.mjs',
]);
const built = check('web client build', npm, ['run', '--silent', 'build:web']);
if (built) {
  tests('browser end-to-end tests', process.execPath, [
    'scripts/run-in-netns.mjs',
    npx,
    'vitest',
    'run',
    '--project',
    'e2e',
  ]);
} else {
  totals.failed += 1;
  summary.push('FAIL browser end-to-end tests: not run, the web client did not build');
}

rmSync(reports, { recursive: true, force: true });
if (failures.length > 0) console.log('\nFailed tests:\n' + failures.map((f) => `  ${f}`).join('\n'));
console.log('\n' + summary.join('\n'));
const skipped = totals.skipped ? `, ${totals.skipped} skipped` : '';
console.log(`${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exit(totals.failed === 0 ? 0 : 1);
