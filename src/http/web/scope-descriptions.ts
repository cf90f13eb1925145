import type { Scope } from '../../domain/scopes.ts';

/** What each scope of a project access token allows, in GitLab's words. */
export const PROJECT_SCOPE_DESCRIPTIONS: Record<Exclude<Scope, 'read_user'>, string> = {
  api: 'Grants complete read and write access to the scoped project API, including the Package Registry.',
  read_api: 'Grants read access to the scoped project API, including the Package Registry.',
  read_repository: 'Allows read-only access (pull) to the repository.',
  write_repository: 'Allows read and write access (pull and push) to the repository.',
  read_registry: 'Allows read-only access (pull) to container registry images if a project is private and authorization is required.',
  write_registry: 'Allows read and write access (push) to the container registry.',
  self_rotate: 'Grants permission for the token to rotate itself, and nothing else.',
};

/** The same scopes on a person's own token reach every project the person can. */
export const PERSONAL_SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  api: 'Grants complete read and write access to the API, including all your projects, the container registry and the Package Registry.',
  read_api: 'Grants read access to the API, including all your projects, the container registry and the Package Registry.',
  read_user: 'Grants read-only access to your profile through the /user API endpoint, and to read-only API endpoints under /users.',
  read_repository: 'Allows read-only access (pull) to the repositories of your projects.',
  write_repository: 'Allows read and write access (pull and push) to the repositories of your projects.',
  read_registry: 'Allows read-only access (pull) to container registry images of private projects.',
  write_registry: 'Allows read and write access (push) to the container registry.',
  self_rotate: 'Grants permission for the token to rotate itself, and nothing else.',
};
