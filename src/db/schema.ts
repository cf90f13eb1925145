import type { Generated, Insertable, Selectable } from 'kysely';
import type { Visibility } from '../domain/visibility.ts';

/**
 * Row shapes, identical on SQLite and PostgreSQL: timestamps are ISO 8601 strings written by the
 * application clock, dates are `YYYY-MM-DD`, booleans are 0/1 integers, lists are JSON text.
 */
export interface UsersTable {
  id: Generated<number>;
  username: string;
  name: string;
  email: string;
  password_hash: string | null;
  user_type: 'human' | 'project_bot' | 'ghost';
  is_admin: number;
  state: 'active' | 'blocked';
  bot_project_id: number | null;
  created_at: string;
  /** A group access token's bot: its group (set once, on creation). */
  bot_group_id: Generated<number | null>;
}

export interface NamespacesTable {
  id: Generated<number>;
  /** The full path: `user`, `group`, `group/subgroup`. */
  path: string;
  name: string;
  kind: 'user' | 'group';
  /** The user whose namespace it is; a group's creator (the ghost user once they are deleted). */
  owner_id: number;
  created_at: string;
  /** Groups only: the parent group of a subgroup. */
  parent_id: number | null;
  description: string | null;
  /** Groups only (user namespaces: null). */
  visibility: Visibility | null;
}

export interface GroupMembersTable {
  id: Generated<number>;
  group_id: number;
  user_id: number;
  access_level: number;
  expires_at: string | null;
  created_by_id: number | null;
  created_at: string;
}

export interface ProjectsTable {
  id: Generated<number>;
  namespace_id: number;
  name: string;
  path: string;
  description: string | null;
  visibility: Visibility;
  default_branch: string;
  creator_id: number | null;
  issue_counter: number;
  created_at: string;
  last_activity_at: string;
  merge_request_counter: Generated<number>;
  pipeline_counter: Generated<number>;
  merge_method: Generated<MergeMethod>;
  squash_option: Generated<SquashOption>;
}

export type MergeMethod = 'merge' | 'rebase_merge' | 'ff';
export type SquashOption = 'never' | 'always' | 'default_on' | 'default_off';

export interface MembersTable {
  id: Generated<number>;
  project_id: number;
  user_id: number;
  access_level: number;
  expires_at: string | null;
  created_by_id: number | null;
  created_at: string;
}

export interface PersonalAccessTokensTable {
  id: Generated<number>;
  user_id: number;
  /** Set for project access tokens: the project whose bot holds the token. */
  project_id: number | null;
  /** Set for group access tokens: the group whose bot holds the token. */
  group_id: Generated<number | null>;
  name: string;
  description: string | null;
  digest: string;
  scopes: string;
  access_level: number | null;
  expires_at: string | null;
  revoked: number;
  created_at: string;
  last_used_at: string | null;
  last_used_ips: string;
  last_used_ips_at: string | null;
  previous_personal_access_token_id: number | null;
  /** JSON list of addresses and CIDR ranges the token may be used from; null: anywhere. */
  allowed_ips: string | null;
  /** JSON list of ref patterns (`refs/heads/renovate/*`) the token may update; null: every ref. */
  allowed_refs: string | null;
  /** When a rotation with a grace period made its successor. */
  superseded_at: string | null;
  /** A superseded token works until then (exclusive); null when not in a grace period. */
  active_until: string | null;
}

export interface IssuesTable {
  id: Generated<number>;
  project_id: number;
  iid: number;
  title: string;
  description: string | null;
  state: 'opened' | 'closed';
  author_id: number;
  updated_by_id: number | null;
  closed_by_id: number | null;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

export interface NotesTable {
  id: Generated<number>;
  project_id: number;
  issue_id: number;
  body: string;
  author_id: number;
  created_at: string;
  updated_at: string;
}

export interface LabelsTable {
  id: Generated<number>;
  project_id: number;
  /** Unique in its project, compared byte by byte (case matters). */
  name: string;
  /** `#RGB` or `#RRGGBB`; CSS color names are stored as their hex value. */
  color: string;
  description: string | null;
  priority: number | null;
  created_at: string;
  updated_at: string;
}

export interface IssueLabelsTable {
  issue_id: number;
  label_id: number;
}

export interface EventsTable {
  id: Generated<number>;
  project_id: number;
  author_id: number;
  action_name: string;
  target_type: string | null;
  target_id: number | null;
  target_iid: number | null;
  target_title: string | null;
  /** JSON text: push_data for pushes, note data for comments. */
  data: string | null;
  created_at: string;
}

export interface AuditEventsTable {
  id: Generated<number>;
  entity_type: string;
  entity_id: number;
  author_id: number;
  author_name: string;
  event_name: string;
  target_id: number | null;
  target_type: string | null;
  target_details: string | null;
  custom_message: string;
  ip_address: string | null;
  created_at: string;
}

export interface SessionsTable {
  id_digest: string;
  user_id: number;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface SshKeysTable {
  id: Generated<number>;
  user_id: number;
  title: string;
  key: string;
  fingerprint: string;
  created_at: string;
  expires_at: string | null;
  /** auth | signing | auth_and_signing; only keys usable for auth sign in over SSH. */
  usage_type: Generated<'auth' | 'signing' | 'auth_and_signing'>;
}

export interface AuthFailuresTable {
  ip: string;
  failures: number;
  window_started_at: string;
  banned_until: string | null;
}

/** One failed login: the address, the login it tried ('' for a token) and when. */
/** One accepted report of a leaked token (POST /api/v4/tokens/revoke), for the per-address rate limit. */
export interface TokenRevocationRequestsTable {
  id: Generated<number>;
  ip: string;
  requested_at: string;
}

export interface AuthFailureEventsTable {
  id: Generated<number>;
  ip: string;
  login: string;
  failed_at: string;
}

export interface ContainerRepositoriesTable {
  id: Generated<number>;
  project_id: number;
  /** The image name below the project's path; '' for the project's own path. */
  name: string;
  /** The full repository path in the registry, as pushed: `namespace/project[/name]`. */
  path: string;
  created_at: string;
}

export interface ContainerRepositoryTagsTable {
  id: Generated<number>;
  repository_id: number;
  name: string;
  /** Manifest digest the tag points at. */
  digest: string;
  media_type: string | null;
  /** Config blob digest (GitLab's `revision`), when the notification named it. */
  revision: string | null;
  /** Sum of the config and layer sizes; bigint (a string on PostgreSQL). */
  total_size: number | string | null;
  created_at: string;
  updated_at: string;
}

/** A registry repository whose images must go before its path serves anyone again. */
export interface ContainerRepositoryRemovalsTable {
  /** The repository path in the registry: `namespace/project[/name]`. */
  path: string;
  /** JSON list of the manifest digests known to have been pushed there (tags are asked for too). */
  digests: string;
  scheduled_at: string;
  attempts: Generated<number>;
  last_attempt_at: string | null;
  last_error: string | null;
}

/** One counter per kind of cached read, bumped by triggers on what it depends on (src/db/cached-reads.ts). */
export interface ReadCacheEpochsTable {
  kind: string;
  /** bigint (a string on PostgreSQL). */
  value: number | string;
}

/** The epoch of one kind for one project (2026-12-02T80): the `scoped` counter's value at its last watched write. */
export interface ReadCacheScopedEpochsTable {
  kind: string;
  scope: number | string;
  value: number | string;
}

/** A branch name or wildcard pattern and who may push or merge to what matches it (0, 30 or 40). */
export interface ProtectedBranchesTable {
  id: Generated<number>;
  project_id: number;
  name: string;
  push_access_level: number;
  merge_access_level: number;
  allow_force_push: number;
  code_owner_approval_required: number;
  created_at: string;
  updated_at: string;
}

/** A tag name or wildcard pattern and who may create what matches it (0, 30 or 40). */
export interface ProtectedTagsTable {
  id: Generated<number>;
  project_id: number;
  name: string;
  create_access_level: number;
  created_at: string;
  updated_at: string;
}

export interface ReleasesTable {
  id: Generated<number>;
  project_id: number;
  tag_name: string;
  name: string;
  description: string | null;
  author_id: number | null;
  released_at: string;
  created_at: string;
  updated_at: string;
}

export interface ReleaseLinksTable {
  id: Generated<number>;
  release_id: number;
  name: string;
  url: string;
  direct_asset_path: string | null;
  link_type: 'other' | 'runbook' | 'image' | 'package';
  created_at: string;
  updated_at: string;
}

export type MergeRequestState = 'opened' | 'closed' | 'merged' | 'locked';
export type MergeStatus = 'unchecked' | 'can_be_merged' | 'cannot_be_merged';

export interface MergeRequestsTable {
  id: Generated<number>;
  project_id: number;
  iid: number;
  title: string;
  description: string | null;
  state: MergeRequestState;
  source_branch: string;
  target_branch: string;
  author_id: number;
  updated_by_id: number | null;
  merge_user_id: number | null;
  closed_by_id: number | null;
  /** The source branch's tip, the target's tip and their merge base when last computed (GitLab's diff_refs). */
  head_sha: string | null;
  start_sha: string | null;
  base_sha: string | null;
  merge_commit_sha: string | null;
  squash_commit_sha: string | null;
  merge_status: Generated<MergeStatus>;
  has_conflicts: Generated<number>;
  force_remove_source_branch: Generated<number>;
  squash: Generated<number>;
  discussion_locked: number | null;
  merge_error: string | null;
  created_at: string;
  updated_at: string;
  merged_at: string | null;
  closed_at: string | null;
}

/** merge_request_assignees and merge_request_reviewers. */
export interface MergeRequestUsersTable {
  merge_request_id: number;
  user_id: number;
}

export interface MergeRequestLabelsTable {
  merge_request_id: number;
  label_id: number;
}

export interface MergeRequestApprovalsTable {
  merge_request_id: number;
  user_id: number;
  created_at: string;
}

/** A note on a merge request, in one discussion (40 hex characters); resolvable ones make a thread. */
export interface MergeRequestNotesTable {
  id: Generated<number>;
  project_id: number;
  merge_request_id: number;
  discussion_id: string;
  body: string;
  author_id: number;
  system: Generated<number>;
  resolvable: Generated<number>;
  resolved_by_id: number | null;
  resolved_at: string | null;
  created_at: string;
  updated_at: string;
}

export type CommitStatusState = 'pending' | 'running' | 'success' | 'failed' | 'canceled' | 'skipped' | 'created' | 'manual';

/** An external pipeline: the commit statuses reported for one (sha, ref) of a project. */
export interface PipelinesTable {
  id: Generated<number>;
  project_id: number;
  iid: number;
  sha: string;
  ref: string | null;
  status: CommitStatusState;
  source: Generated<string>;
  user_id: number | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** One named status (a job of an external pipeline) on a commit. */
export interface CommitStatusesTable {
  id: Generated<number>;
  project_id: number;
  pipeline_id: number;
  sha: string;
  ref: string | null;
  name: string;
  status: CommitStatusState;
  target_url: string | null;
  description: string | null;
  coverage: number | null;
  allow_failure: Generated<number>;
  author_id: number | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
}

export interface Database {
  users: UsersTable;
  namespaces: NamespacesTable;
  projects: ProjectsTable;
  members: MembersTable;
  group_members: GroupMembersTable;
  personal_access_tokens: PersonalAccessTokensTable;
  issues: IssuesTable;
  notes: NotesTable;
  labels: LabelsTable;
  issue_labels: IssueLabelsTable;
  events: EventsTable;
  audit_events: AuditEventsTable;
  sessions: SessionsTable;
  ssh_keys: SshKeysTable;
  auth_failures: AuthFailuresTable;
  auth_failure_events: AuthFailureEventsTable;
  token_revocation_requests: TokenRevocationRequestsTable;
  container_repositories: ContainerRepositoriesTable;
  container_repository_tags: ContainerRepositoryTagsTable;
  container_repository_removals: ContainerRepositoryRemovalsTable;
  read_cache_epochs: ReadCacheEpochsTable;
  read_cache_scoped_epochs: ReadCacheScopedEpochsTable;
  protected_branches: ProtectedBranchesTable;
  protected_tags: ProtectedTagsTable;
  releases: ReleasesTable;
  release_links: ReleaseLinksTable;
  merge_requests: MergeRequestsTable;
  merge_request_assignees: MergeRequestUsersTable;
  merge_request_reviewers: MergeRequestUsersTable;
  merge_request_labels: MergeRequestLabelsTable;
  merge_request_approvals: MergeRequestApprovalsTable;
  merge_request_notes: MergeRequestNotesTable;
  pipelines: PipelinesTable;
  commit_statuses: CommitStatusesTable;
  webhooks: WebhooksTable;
  outbox: OutboxTable;
  webhook_deliveries: WebhookDeliveriesTable;
  token_notices: TokenNoticesTable;
  token_activity: TokenActivityTable;
}

export type UserRow = Selectable<UsersTable>;
export type ProjectRow = Selectable<ProjectsTable>;
export type NamespaceRow = Selectable<NamespacesTable>;
export type MemberRow = Selectable<MembersTable>;
export type GroupMemberRow = Selectable<GroupMembersTable>;
export type TokenRow = Selectable<PersonalAccessTokensTable>;
export type IssueRow = Selectable<IssuesTable>;
export type NoteRow = Selectable<NotesTable>;
export type LabelRow = Selectable<LabelsTable>;
export type EventRow = Selectable<EventsTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type NewTokenRow = Insertable<PersonalAccessTokensTable>;
export type ContainerRepositoryRow = Selectable<ContainerRepositoriesTable>;
export type ContainerRepositoryTagRow = Selectable<ContainerRepositoryTagsTable>;
export type ContainerRepositoryRemovalRow = Selectable<ContainerRepositoryRemovalsTable>;
export type SshKeyRow = Selectable<SshKeysTable>;
export type ProtectedBranchRow = Selectable<ProtectedBranchesTable>;
export type ProtectedTagRow = Selectable<ProtectedTagsTable>;
export type ReleaseRow = Selectable<ReleasesTable>;
export type ReleaseLinkRow = Selectable<ReleaseLinksTable>;
export type MergeRequestRow = Selectable<MergeRequestsTable>;
export type MergeRequestNoteRow = Selectable<MergeRequestNotesTable>;
export type PipelineRow = Selectable<PipelinesTable>;
export type CommitStatusRow = Selectable<CommitStatusesTable>;
export type WebhookRow = Selectable<WebhooksTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
export type TokenActivityRow = Selectable<TokenActivityTable>;

export interface WebhooksTable {
  id: Generated<number>;
  /** The project the hook belongs to, or null for a group's hook. */
  project_id: number | null;
  /** The group the hook belongs to (its projects' and subgroups' events reach it), or null for a project's. */
  group_id: number | null;
  url: string;
  /** The secret sent as X-Gitlab-Token, encrypted under the instance secret; never returned. */
  token_encrypted: string | null;
  name: string | null;
  description: string | null;
  /** JSON list of the events subscribed to: `push_events`, `tag_push_events`, `issues_events`… */
  triggers: string;
  push_events_branch_filter: string | null;
  branch_filter_strategy: 'wildcard' | 'regex' | 'all_branches';
  enable_ssl_verification: number;
  recent_failures: number;
  backoff_count: number;
  disabled_until: string | null;
  permanently_disabled: number;
  created_at: string;
  updated_at: string;
}

/** What is still to be sent: a webhook delivery or a mail, claimed by one node at a time. */
export interface OutboxTable {
  id: Generated<number>;
  kind: 'webhook' | 'email';
  hook_id: number | null;
  uuid: string;
  /** JSON: what the kind's sender needs (a webhook's event header and body; a mail's message). */
  payload: string;
  attempts: number;
  next_attempt_at: string;
  claimed_until: string | null;
  claimed_by: string | null;
  last_error: string | null;
  created_at: string;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  hook_id: number;
  uuid: string;
  trigger: string;
  url: string;
  request_headers: string;
  request_data: string;
  /** The HTTP status as text, or `internal error` when no response came. */
  response_status: string;
  response_headers: string;
  response_body: string;
  execution_duration: number;
  internal_error_message: string | null;
  created_at: string;
}

export interface TokenNoticesTable {
  token_id: number;
  threshold: '60' | '30' | '7' | '1' | 'expired';
  created_at: string;
}

export interface TokenActivityTable {
  id: Generated<number>;
  token_id: number;
  at: string;
  transport: string;
  action: string;
  status: number;
  ip: string | null;
  user_agent: string | null;
}
