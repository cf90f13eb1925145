export interface BenchSettings {
  rounds: number;
  /** Rounds of the git and registry transfers: ~1 s each on a noisy VM, so more of them. */
  transferRounds: number;
  seconds: number;
  connections: number;
  fewTokens: number;
  manyTokens: number;
  /** Benchmark 7: the tokens the reads of project A rotate over, and the pause between project B's notes. */
  activityTokens: number;
  noteEveryMs: number;
  lifecycleTokens: number;
  lifecycleConcurrency: number;
  /** Size of the generated git repository / image, in MB, and its commit count. */
  repoMb: number;
  repoCommits: number;
  imageMb: number;
}

export const FULL: BenchSettings = {
  rounds: 5,
  transferRounds: 11,
  seconds: 5,
  connections: 10,
  fewTokens: 1_000,
  manyTokens: 1_000_000,
  activityTokens: 1_000,
  noteEveryMs: 10,
  lifecycleTokens: 100,
  lifecycleConcurrency: 4,
  repoMb: 50,
  repoCommits: 2_000,
  imageMb: 50,
};

/** Seconds and tiny sizes: proves every benchmark still runs, measures nothing. */
export const SMOKE: BenchSettings = {
  rounds: 1,
  transferRounds: 1,
  seconds: 1,
  connections: 2,
  fewTokens: 10,
  manyTokens: 200,
  activityTokens: 10,
  noteEveryMs: 10,
  lifecycleTokens: 3,
  lifecycleConcurrency: 2,
  repoMb: 1,
  repoCommits: 10,
  imageMb: 1,
};
