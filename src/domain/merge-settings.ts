/** A project's merge method (`merge`: merge commit, `rebase_merge`: semi-linear, `ff`: fast-forward only) and squash option, GitLab's values. */
export const MERGE_METHODS = ['merge', 'rebase_merge', 'ff'] as const;
export const SQUASH_OPTIONS = ['never', 'always', 'default_on', 'default_off'] as const;
