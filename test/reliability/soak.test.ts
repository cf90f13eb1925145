import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gitCloneTraffic } from '../../bench/lib/git-clone-traffic.ts';
import { runSoak } from '../../bench/soak.ts';
import { DIALECTS } from '../helpers/databases.ts';

// The short variant of `npm run soak`: the same mixed traffic (git clones included) for seconds
// instead of minutes. Memory flatness needs the long run to mean anything; it is judged there.
for (const dialect of DIALECTS) {
  test(`mixed traffic with git clones for 15 s on ${dialect}: zero 5xx, zero failed clones, every acknowledged write present`, async () => {
    const report = await runSoak({ seconds: 15, dialect, workers: 4, extra: [gitCloneTraffic()] });
    assert.ok(report.requests > 50, `only ${report.requests} requests ran`);
    assert.equal(report.serverErrors, 0, report.failures.join('\n'));
    assert.equal(report.refusals, 0, report.failures.join('\n'));
    assert.ok(report.extraRuns >= 5, `only ${report.extraRuns} git clones ran`);
    assert.equal(report.extraFailures, 0, report.failures.join('\n'));
    assert.ok(report.acknowledgedWrites > 0, 'no write was acknowledged');
    assert.equal(report.lostWrites, 0);
  });
}
