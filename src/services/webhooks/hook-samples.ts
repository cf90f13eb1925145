import { rejected } from '../../domain/errors.ts';
import type { Actor } from '../../domain/principal.ts';
import { issueById, newestIssue, newestMergeRequest, newestNote, newestPipeline, newestRelease } from '../../db/repositories/hook-samples.ts';
import type { ProjectWithNamespace } from '../../db/repositories/projects.ts';
import { logCommits } from '../../git/log.ts';
import { readRefs } from '../../git/refs.ts';
import type { Deps } from '../../deps.ts';
import { HOOK_TRIGGERS, type HookTrigger, type WebhookPayload } from './queue-hook-event.ts';
import { hookCommitAttrs, hookProjectAttrs, hookPushRepositoryAttrs, hookUserAttrs, loadHookProject, REDACTED_EMAIL, utcText, type HookProject } from './hook-parts.ts';
import { changedPathsOf } from '../../git/changed-paths.ts';
import { buildIssueHookPayload } from './issue-hook-payload.ts';
import { buildMergeRequestHookPayload } from './merge-request-hook-payload.ts';
import { buildNoteHookPayload } from './note-hook-payload.ts';
import { buildReleaseHookPayload } from './release-hook-payload.ts';

/** The triggers a hook can be tested with: GitLab's ProjectHook triggers (repository_update_events is a system hook's). */
export type TestableTrigger = Exclude<HookTrigger, 'repository_update_events'>;
export const TESTABLE_TRIGGERS: readonly TestableTrigger[] = HOOK_TRIGGERS.filter((trigger): trigger is TestableTrigger => trigger !== 'repository_update_events');

const BLANK_SHA = '0'.repeat(40);

/** GitLab's X-Gitlab-Event for each trigger. */
const EVENT_NAMES: Record<TestableTrigger, string> = {
  push_events: 'Push Hook',
  tag_push_events: 'Tag Push Hook',
  issues_events: 'Issue Hook',
  confidential_issues_events: 'Confidential Issue Hook',
  note_events: 'Note Hook',
  confidential_note_events: 'Confidential Note Hook',
  merge_requests_events: 'Merge Request Hook',
  job_events: 'Job Hook',
  pipeline_events: 'Pipeline Hook',
  wiki_page_events: 'Wiki Page Hook',
  deployment_events: 'Deployment Hook',
  feature_flag_events: 'Feature Flag Hook',
  releases_events: 'Release Hook',
  emoji_events: 'Emoji Hook',
  resource_access_token_events: 'Resource Access Token Hook',
};

interface SampleContext {
  deps: Deps;
  actor: Actor;
  found: ProjectWithNamespace;
}

/** GitLab's refusal when the project has nothing to build the sample from: 422 with its message. */
const noData = (message: string) => rejected(message, 422);

/**
 * The sample event a hook test sends for `trigger`, built from the project's newest matching
 * record as GitLab's TestHooks service does; 422 with GitLab's message when there is none (and
 * for events Latchkey has no data for: jobs, wikis, deployments, feature flags).
 */
export async function buildSampleEvent(context: SampleContext, trigger: TestableTrigger): Promise<WebhookPayload> {
  const body = await sampleBody(context, trigger);
  return { event: EVENT_NAMES[trigger], trigger, body };
}

async function sampleBody(context: SampleContext, trigger: TestableTrigger): Promise<unknown> {
  const { deps, found } = context;
  const projectId = found.project.id;
  const hookProject = await loadHookProject(deps.db, deps.config, projectId);
  const project = hookProjectAttrs(hookProject);
  switch (trigger) {
    case 'push_events':
      return samplePush(context, hookProject, false);
    case 'tag_push_events':
      return samplePush(context, hookProject, true);
    case 'issues_events':
    case 'confidential_issues_events': {
      const issue = await newestIssue(deps.db, projectId);
      if (!issue) throw noData('Ensure the project has issues.');
      return buildIssueHookPayload(deps.db, deps, { actor: context.actor, action: 'open', issue });
    }
    case 'note_events':
    case 'confidential_note_events': {
      const note = await newestNote(deps.db, projectId);
      const issue = note && (await issueById(deps.db, note.issue_id));
      if (!note || !issue) throw noData('Ensure the project has notes.');
      return buildNoteHookPayload(deps.db, deps, { actor: context.actor, noteableType: 'Issue', note, issue });
    }
    case 'merge_requests_events': {
      const mergeRequest = await newestMergeRequest(deps.db, projectId);
      if (!mergeRequest) throw noData('Ensure the project has merge requests.');
      return buildMergeRequestHookPayload(deps.db, deps, { actor: context.actor, action: 'open', mergeRequest });
    }
    case 'pipeline_events': {
      const pipeline = await newestPipeline(deps.db, projectId);
      if (!pipeline) throw noData('Ensure the project has CI pipelines.');
      return {
        object_kind: 'pipeline',
        object_attributes: {
          id: pipeline.id,
          iid: pipeline.iid,
          ref: pipeline.ref,
          tag: false,
          sha: pipeline.sha,
          status: pipeline.status,
          source: pipeline.source,
          created_at: pipeline.created_at,
          finished_at: pipeline.finished_at,
          url: `${hookProject.webUrl}/-/pipelines/${pipeline.id}`,
        },
        user: hookUserAttrs(context.actor),
        project,
        builds: [],
      };
    }
    case 'releases_events': {
      const release = await newestRelease(deps.db, projectId);
      if (!release) throw noData('Ensure the project has releases.');
      return buildReleaseHookPayload(deps.db, deps, { action: 'create', release });
    }
    case 'emoji_events': {
      const note = await newestNote(deps.db, projectId);
      if (!note) throw noData('Ensure the project has notes.');
      const now = deps.clock.now().toISOString();
      return {
        object_kind: 'emoji',
        event_type: 'award',
        user: hookUserAttrs(context.actor),
        project_id: projectId,
        project,
        object_attributes: { user_id: context.actor.id, created_at: now, id: 1, name: 'thumbsup', awardable_type: 'Note', awardable_id: note.id, updated_at: now },
        note: { id: note.id, note: note.body, noteable_type: 'Issue', author_id: note.author_id, created_at: note.created_at, updated_at: note.updated_at },
      };
    }
    case 'resource_access_token_events': {
      const now = deps.clock.now();
      const expiresAt = new Date(now.getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
      return {
        object_kind: 'access_token',
        project_id: projectId,
        project,
        object_attributes: { user_id: null, created_at: utcText(now.toISOString()), id: 1, name: 'pat_for_webhook_event', expires_at: expiresAt },
        event_name: 'expiring_access_token',
      };
    }
    case 'job_events':
      throw noData('Ensure the project has CI jobs.');
    case 'wiki_page_events':
      throw noData('Ensure the wiki is enabled and has pages.');
    case 'deployment_events':
      throw noData('Ensure the project has deployments.');
    case 'feature_flag_events':
      throw noData('Ensure the project has feature flags.');
  }
}

/**
 * GitLab's Push.build_sample: the newest three commits of the default branch (or of the newest
 * tag), `before` the oldest of them, `after` the newest, through the same commit and project parts
 * as a real push.
 */
async function samplePush(context: SampleContext, hookProject: HookProject, isTag: boolean): Promise<unknown> {
  const { actor } = context;
  const dir = hookProject.repositoryDir;
  const refs = await readRefs(dir);
  const tag = isTag ? [...refs.keys()].filter((ref) => ref.startsWith('refs/tags/')).sort().at(-1) : undefined;
  const ref = tag ?? `refs/${isTag ? 'tags' : 'heads'}/${hookProject.found.project.default_branch}`;
  const after = refs.get(isTag ? (tag ?? '') : ref) ?? null;
  const commits = after === null ? [] : (await logCommits(dir, { revisions: [after], limit: 3 })).map((entry) => entry.commit);
  const paths = await changedPathsOf(dir, commits.map((commit) => commit.id));
  const project = hookProjectAttrs(hookProject);
  return {
    object_kind: isTag ? 'tag_push' : 'push',
    event_name: isTag ? 'tag_push' : 'push',
    before: commits.at(-1)?.id ?? BLANK_SHA,
    after: after ?? BLANK_SHA,
    ref,
    ref_protected: false,
    checkout_sha: after,
    message: null,
    user_id: actor.id,
    user_name: actor.name,
    user_username: actor.username,
    user_email: REDACTED_EMAIL,
    user_avatar: null,
    project_id: project.id,
    project,
    commits: commits.map((commit) => ({ ...hookCommitAttrs(hookProject, commit), ...paths.get(commit.id)! })),
    total_commits_count: commits.length,
    push_options: {},
    repository: hookPushRepositoryAttrs(project),
  };
}

