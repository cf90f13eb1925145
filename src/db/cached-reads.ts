import type { TokenPrincipal } from '../domain/principal.ts';
import { parseScopes } from '../domain/scopes.ts';
import { parseTokenLimit } from '../domain/token-limits.ts';
import type { Db } from './database.ts';
import { ReadCache, type Epochs, type KindStats } from './read-cache.ts';
import { findGroupMembershipsOfProject } from './repositories/group-members.ts';
import { namespaceFullNames } from './repositories/groups.ts';
import { findMember } from './repositories/members.ts';
import { countOpenIssues } from './repositories/project-counts.ts';
import { findProjectById, findProjectByPath, type ProjectWithNamespace } from './repositories/projects.ts';
import { findTokenByDigest, findTokenById, recordTokenUse, type TokenUse, type TokenWithUser } from './repositories/tokens.ts';
import { findUserById, toActor } from './repositories/users.ts';
import type { GroupMemberRow, MemberRow, NamespaceRow, TokenRow, UserRow } from './schema.ts';

/** The kinds of cached read; each is emptied on its own when its epoch moves. */
export type ReadKind = 'credentials' | 'projects' | 'members' | 'issues' | 'repository';

/** The writes to one table that move a kind's epoch: an insert, an update of these columns (or any), a delete. */
export interface TableWatch {
  insert?: true;
  update?: readonly string[] | 'any';
  delete?: true;
  /** The column naming the project whose epoch moves (before and after an update), instead of the whole kind's. */
  perProject?: string;
  /** Only rows whose `column` holds one of `values` move the epoch (a trigger's WHEN clause). */
  when?: { column: string; values: readonly string[] };
}

/**
 * What invalidates each kind of cached read, table by table. Database triggers bump the kind's
 * epoch in the same transaction as such a write, whoever makes it (migration
 * 2026-12-01T30-read-cache-epochs); src/db/read-cache-triggers.test.ts fails when the installed
 * triggers and this declaration disagree, so a change here comes with a new migration.
 *
 * Activity is watched by no kind but `projects` (a project's last_activity_at, shown with it, which
 * an event moves once an hour at most: domain/project-activity.ts) and `issues`, and both per
 * project (`perProject`, migration 2026-12-02T80-read-cache-scoped-epochs): an issue opened or
 * closed in one project drops that project's cached entries only; events, notes, labels, pushes
 * and token use leave cached tokens, users and memberships alone. A lookup
 * that found nothing is never kept, except a membership's, so only members watch inserts.
 */
export const WATCHED = {
  /** tokenByDigest (a token, its user and the principal they make), tokenRow and userById. Not token usage (last_used_*). */
  credentials: {
    personal_access_tokens: { update: ['revoked', 'expires_at', 'scopes', 'user_id', 'project_id', 'digest', 'access_level', 'allowed_ips', 'allowed_refs', 'superseded_at', 'active_until'],
      delete: true,
     },
    users: { update: ['username', 'name', 'email', 'user_type', 'is_admin', 'state', 'bot_project_id'], delete: true },
  },
  /**
   * projectById and projectByPath, each with its namespace, and namespaceFullName (the names of the
   * group chain, which moves with any namespace's change). Not the issue, merge request or pipeline counters.
   */
  projects: {
    projects: {
      update: ['namespace_id', 'name', 'path', 'description', 'visibility', 'default_branch', 'creator_id', 'last_activity_at', 'merge_method', 'squash_option'],
      delete: true,
      perProject: 'id',
    },
    namespaces: { update: 'any', delete: true },
  },
  /**
   * membership, found or not (its expiry is decided at use, never cached), and groupMemberships:
   * the group members of a project's namespace chain, which moves with the project or a group.
   */
  members: {
    members: { insert: true, update: 'any', delete: true },
    group_members: { insert: true, update: 'any', delete: true },
    projects: { update: ['namespace_id'] },
    namespaces: { update: ['parent_id'] },
  },
  /** openIssuesCount (a project's entity): an issue opened, closed, reopened, moved or deleted; not its notes or edits. */
  issues: {
    issues: { insert: true, update: ['state', 'project_id'], delete: true, perProject: 'project_id' },
  },
  /**
   * hasBranch (a project's empty_repo): every ref a push or an API write moves records a push event
   * in that step (services/repository/record-push-events.ts), and only push events move it (the
   * registry's use the same actions: a harmless extra move); a deleted project's entry goes too.
   */
  repository: {
    events: { insert: true, perProject: 'project_id', when: { column: 'action_name', values: ['deleted', 'pushed new', 'pushed to'] } },
    projects: { delete: true, perProject: 'id' },
  },
} as const satisfies Record<ReadKind, Record<string, TableWatch>>;

const KINDS = Object.keys(WATCHED) as ReadKind[];

/** The kinds with an epoch per project: every entry of theirs is filed under its project. */
const PER_PROJECT = KINDS.filter((kind) => Object.values(WATCHED[kind] as Record<string, TableWatch>).some((watch) => watch.perProject));

/** A token as the cache keeps it: its rows and the principal they make, built once. Never mutated. */
export interface KnownToken extends Readonly<TokenWithUser> {
  readonly digest: string;
  readonly principal: TokenPrincipal;
}

// The keys, private to this module.
const tokenKey = (digest: string) => `token:${digest}`;
const tokenRowKey = (id: number) => `token-row:${id}`;
const projectIdKey = (id: number) => `project:${id}`;
const projectPathKey = (namespacePath: string, projectPath: string) => `project-path:${namespacePath.toLowerCase()}/${projectPath.toLowerCase()}`;
const memberKey = (projectId: number, userId: number) => `member:${projectId}:${userId}`;
const groupMemberKey = (projectId: number, userId: number) => `group-member:${projectId}:${userId}`;
const userKey = (id: number) => `user:${id}`;
const openIssuesKey = (projectId: number) => `open-issues:${projectId}`;
const hasBranchKey = (projectId: number) => `has-branch:${projectId}`;
const namespaceNameKey = (projectId: number) => `namespace-name:${projectId}`;

function known(digest: string, found: TokenWithUser): KnownToken {
  const { token, user } = found;
  return {
    ...found,
    digest,
    principal: {
      kind: 'user',
      user: toActor(user),
      via: 'token',
      token: {
        id: token.id,
        scopes: parseScopes(token.scopes),
        projectId: token.project_id,
        groupId: token.group_id,
        allowedIps: parseTokenLimit(token.allowed_ips),
        allowedRefs: parseTokenLimit(token.allowed_refs),
      },
    },
  };
}

/**
 * Every read a node keeps in memory between changes, one typed function each, and the one write
 * that updates the kept copy (a token's last use). Valid only after this request's `refresh()`,
 * which the adapters call once per request or SSH command (through auth/authenticate.ts).
 */
export class CachedReads {
  private readonly cache: ReadCache<ReadKind>;

  constructor(
    private readonly db: Db,
    readEpochs: ((since?: number) => Epochs | Promise<Epochs>) | null,
    options: { maxEntries: number; ttlMs: number },
  ) {
    this.cache = new ReadCache(KINDS, readEpochs, { ...options, scopedKinds: PER_PROJECT });
  }

  /** Reads that always go to the database (the CLI: one command, a few reads). */
  static disabled(db: Db): CachedReads {
    return new CachedReads(db, null, { maxEntries: 0, ttlMs: 0 });
  }

  /** Catches up with every change committed before this call. */
  refresh(): Promise<void> | void {
    return this.cache.refresh();
  }

  /** A token by the digest of its secret, with its user. A revoked one is not kept (reuse detection reads it again). */
  tokenByDigest(digest: string): Promise<KnownToken | undefined> {
    return this.cache.read(
      'credentials',
      tokenKey(digest),
      async () => {
        const found = await findTokenByDigest(this.db, digest);
        return found && known(digest, found);
      },
      {
        keep: (found) => found !== undefined && !found.token.revoked,
        also: (found) => [[tokenRowKey(found!.token.id), found!.token]],
      },
    );
  }

  /** A token's row by id (the same row tokenByDigest keeps). */
  tokenRow(id: number): Promise<TokenRow | undefined> {
    return this.cache.read('credentials', tokenRowKey(id), () => findTokenById(this.db, id), { keep: (row) => row !== undefined });
  }

  projectById(id: number): Promise<ProjectWithNamespace | undefined> {
    return this.cache.read('projects', projectIdKey(id), () => findProjectById(this.db, id), {
      keep: (found) => found !== undefined,
      scope: (found) => found!.project.id,
    });
  }

  projectByPath(namespacePath: string, projectPath: string): Promise<ProjectWithNamespace | undefined> {
    return this.cache.read('projects', projectPathKey(namespacePath, projectPath), () => findProjectByPath(this.db, namespacePath, projectPath), {
      keep: (found) => found !== undefined,
      scope: (found) => found!.project.id,
    });
  }

  /** The membership row, expired or not: the caller decides whether it counts now. */
  membership(projectId: number, userId: number): Promise<MemberRow | undefined> {
    return this.cache.read('members', memberKey(projectId, userId), () => findMember(this.db, projectId, userId));
  }

  /** The user's group memberships that reach the project (its group and every ancestor), expired or not. */
  groupMemberships(projectId: number, userId: number): Promise<GroupMemberRow[]> {
    return this.cache.read('members', groupMemberKey(projectId, userId), () => findGroupMembershipsOfProject(this.db, projectId, userId));
  }

  /** A user's row by id (a project's owner). Only the columns `credentials` watches are sure to be current. */
  userById(id: number): Promise<UserRow | undefined> {
    return this.cache.read('credentials', userKey(id), () => findUserById(this.db, id), { keep: (row) => row !== undefined });
  }

  /**
   * The full name of a project's namespace (`Top / Child`); a top-level namespace's is its name,
   * read from nothing. Filed under the project, whose move to another namespace drops it.
   */
  namespaceFullName(projectId: number, namespace: NamespaceRow): Promise<string> {
    if (namespace.parent_id === null) return Promise.resolve(namespace.name);
    return this.cache.read('projects', namespaceNameKey(projectId), async () => (await namespaceFullNames(this.db, [namespace])).get(namespace.id)!, {
      scope: () => projectId,
    });
  }

  /** How many open issues a project has (its entity's open_issues_count). */
  openIssuesCount(projectId: number): Promise<number> {
    return this.cache.read('issues', openIssuesKey(projectId), async () => (await countOpenIssues(this.db, [projectId])).get(projectId) ?? 0, {
      scope: () => projectId,
    });
  }

  /** Whether the project's repository has a branch; `read` asks the repository itself (on a miss). */
  repositoryHasBranch(projectId: number, read: () => Promise<boolean>): Promise<boolean> {
    return this.cache.read('repository', hasBranchKey(projectId), read, { scope: () => projectId });
  }

  /** Writes a token's use and keeps the cached copy current, so the caller's throttle sees it. */
  async recordTokenUse(token: KnownToken, changes: TokenUse): Promise<void> {
    await recordTokenUse(this.db, token.token.id, changes);
    const row = { ...token.token, ...changes };
    this.cache.replace<unknown>('credentials', tokenKey(token.digest), token, { ...token, token: row });
    this.cache.replace<unknown>('credentials', tokenRowKey(row.id), token.token, row);
  }

  /** Hits, loads and clears per kind since start-up. */
  stats(): Record<ReadKind, KindStats> {
    return this.cache.stats();
  }
}
