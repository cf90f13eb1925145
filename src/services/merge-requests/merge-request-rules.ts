/** A title that marks the merge request a draft: `Draft:`, `[Draft]` or `(Draft)` first, any case, as GitLab reads it. */
const DRAFT_PREFIX = /^\s*(\[draft\]|\(draft\)|draft:|draft\s+-\s)/i;

export function isDraftTitle(title: string): boolean {
  return DRAFT_PREFIX.test(title);
}

/** GitLab's model validation of a merge request's texts. */
export function mergeRequestTextErrors(title: string | undefined, description: string | null | undefined): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  if (title !== undefined) {
    if (title.trim().length === 0) errors.title = ["can't be blank"];
    else if (title.length > 255) errors.title = ['is too long (maximum is 255 characters)'];
  }
  if (description !== undefined && description !== null && description.length > 1_048_576) {
    errors.description = ['is too long (maximum is 1048576 characters)'];
  }
  return errors;
}
