import { ALL_PARTS, benchSmokeTest } from './bench-smoke.ts';

benchSmokeTest([...ALL_PARTS.registry.only], [...ALL_PARTS.registry.benchmarks]);
