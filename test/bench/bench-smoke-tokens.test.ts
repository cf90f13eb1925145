import { ALL_PARTS, benchSmokeTest } from './bench-smoke.ts';

benchSmokeTest([...ALL_PARTS.tokens.only], [...ALL_PARTS.tokens.benchmarks]);
