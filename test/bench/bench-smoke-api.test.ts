import { ALL_PARTS, benchSmokeTest } from './bench-smoke.ts';

benchSmokeTest([...ALL_PARTS.api.only], [...ALL_PARTS.api.benchmarks]);
