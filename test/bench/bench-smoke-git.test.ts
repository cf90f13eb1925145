import { ALL_PARTS, benchSmokeTest } from './bench-smoke.ts';

benchSmokeTest([...ALL_PARTS.git.only], [...ALL_PARTS.git.benchmarks]);
