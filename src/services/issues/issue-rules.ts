import { nameError } from '../../domain/names.ts';

/** The longest issue description or comment body. */
export const MAX_TEXT = 1_000_000;

/** Model errors of an issue's title and description, keyed as GitLab keys them; only the given fields are checked. */
export function issueTextErrors(title: string | undefined, description: string | null | undefined): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  if (title !== undefined) {
    const problem = nameError(title, 'Title');
    if (problem) errors.title = [problem];
  }
  if (description && description.length > MAX_TEXT) errors.description = [`Description is too long (maximum is ${MAX_TEXT} characters)`];
  return errors;
}
