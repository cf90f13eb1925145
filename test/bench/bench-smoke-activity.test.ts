import { ALL_PARTS, benchSmokeTest } from './bench-smoke.ts';

benchSmokeTest([...ALL_PARTS.activity.only], [...ALL_PARTS.activity.benchmarks]);
