import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DIALECTS } from '../helpers/databases.ts';
import { run } from '../helpers/latchkey-process.ts';

// The short variant of `npm run soak` (bench/soak.ts, run as the command it is): the same mixed
// traffic (git clones included) for seconds instead of minutes. Memory flatness needs the long run
// to mean anything; it is judged there, so the exit status (which includes it) is not asserted here:
// the report's JSON line is.
for (const dialect of DIALECTS) {
  test(`mixed traffic with git clones for 15 s on ${dialect}: zero 5xx, zero failed clones, every acknowledged write present`, async () => {
    const soak = await run(process.execPath, ['--import', 'tsx', 'bench/soak.ts', '--seconds', '15', '--dialect', dialect, '--workers', '4'], process.env);
    const line = soak.stdout.split('\n').find((text) => text.startsWith('{'));
    assert.ok(line, `the soak printed no report (exit ${soak.code}): ${soak.stdout}\n${soak.stderr}`);
    const report = JSON.parse(line);
    assert.equal(report.dialect, dialect);
    assert.ok(report.requests > 50, `only ${report.requests} requests ran`);
    assert.equal(report.serverErrors, 0, report.failures.join('\n'));
    assert.equal(report.refusals, 0, report.failures.join('\n'));
    assert.ok(report.extraRuns >= 5, `only ${report.extraRuns} git clones ran`);
    assert.equal(report.extraFailures, 0, report.failures.join('\n'));
    assert.ok(report.acknowledgedWrites > 0, 'no write was acknowledged');
    assert.equal(report.lostWrites, 0);
  });
}
