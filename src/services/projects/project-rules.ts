import { nameError, pathError } from '../../domain/names.ts';

export const MAX_DESCRIPTION = 2000;

/** A branch name git accepts (check-ref-format, restricted to a portable character set). */
export function isValidBranchName(branch: string): boolean {
  return (
    /^[A-Za-z0-9._/-]{1,200}$/.test(branch) &&
    !branch.startsWith('-') &&
    !branch.endsWith('.lock') &&
    !branch.endsWith('.') &&
    !branch.includes('..') &&
    branch.split('/').every((part) => part.length > 0 && !part.startsWith('.'))
  );
}

/** Model errors of a project's fields, keyed as GitLab keys them; only the given fields are checked. */
export function projectFieldErrors(fields: {
  name?: string;
  path?: string;
  description?: string | null;
  defaultBranch?: string;
}): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  if (fields.name !== undefined) {
    const problem = nameError(fields.name, 'Name');
    if (problem) errors.name = [problem];
  }
  if (fields.path !== undefined) {
    const problem = fields.path.length === 0 ? "Path can't be blank" : pathError(fields.path, 'Path');
    if (problem) errors.path = [problem];
  }
  if (fields.description && fields.description.length > MAX_DESCRIPTION) {
    errors.description = [`Description is too long (maximum is ${MAX_DESCRIPTION} characters)`];
  }
  if (fields.defaultBranch !== undefined && !isValidBranchName(fields.defaultBranch)) {
    errors.default_branch = ['Default branch is invalid'];
  }
  return errors;
}
