import { rejected } from '../../domain/errors.ts';
import type { Actor } from '../../domain/principal.ts';
import { newestIssue, newestMergeRequest, newestNote, newestPipeline, newestRelease } from '../../db/repositories/hook-samples.ts';
import type { ProjectWithNamespace } from '../../db/repositories/projects.ts';
import { logCommits } from '../../git/log.ts';
import { repositoryPath } from '../../git/repository-path.ts';
import { readRefs } from '../../git/refs.ts';
import type { Deps } from '../../deps.ts';
import { HOOK_TRIGGERS, type HookTrigger, type WebhookPayload } from './queue-hook-event.ts';

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
  switch (trigger) {
    case 'push_events':
      return samplePush(context, false);
    case 'tag_push_events':
      return samplePush(context, true);
    case 'issues_events':
    case 'confidential_issues_events': {
      const issue = await newestIssue(deps.db, projectId);
      if (!issue) throw noData('Ensure the project has issues.');
      return {
        object_kind: 'issue',
        event_type: 'issue',
        user: userOf(context.actor),
        project: projectOf(context),
        object_attributes: {
          id: issue.id,
          iid: issue.iid,
          title: issue.title,
          description: issue.description,
          state: issue.state,
          author_id: issue.author_id,
          project_id: projectId,
          created_at: issue.created_at,
          updated_at: issue.updated_at,
          confidential: false,
          url: `${webUrlOf(context)}/-/issues/${issue.iid}`,
          action: 'open',
        },
        repository: repositoryOf(context),
      };
    }
    case 'note_events':
    case 'confidential_note_events': {
      const note = await newestNote(deps.db, projectId);
      if (!note) throw noData('Ensure the project has notes.');
      return {
        object_kind: 'note',
        event_type: 'note',
        user: userOf(context.actor),
        project_id: projectId,
        project: projectOf(context),
        object_attributes: {
          id: note.id,
          note: note.body,
          noteable_type: 'Issue',
          author_id: note.author_id,
          project_id: projectId,
          created_at: note.created_at,
          updated_at: note.updated_at,
          action: 'create',
        },
        repository: repositoryOf(context),
      };
    }
    case 'merge_requests_events': {
      const mergeRequest = await newestMergeRequest(deps.db, projectId);
      if (!mergeRequest) throw noData('Ensure the project has merge requests.');
      return {
        object_kind: 'merge_request',
        event_type: 'merge_request',
        user: userOf(context.actor),
        project: projectOf(context),
        object_attributes: {
          id: mergeRequest.id,
          iid: mergeRequest.iid,
          title: mergeRequest.title,
          description: mergeRequest.description,
          state: mergeRequest.state,
          source_branch: mergeRequest.source_branch,
          target_branch: mergeRequest.target_branch,
          source_project_id: projectId,
          target_project_id: projectId,
          author_id: mergeRequest.author_id,
          url: `${webUrlOf(context)}/-/merge_requests/${mergeRequest.iid}`,
          action: 'open',
        },
        repository: repositoryOf(context),
      };
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
          url: `${webUrlOf(context)}/-/pipelines/${pipeline.id}`,
        },
        user: userOf(context.actor),
        project: projectOf(context),
        builds: [],
      };
    }
    case 'releases_events': {
      const release = await newestRelease(deps.db, projectId);
      if (!release) throw noData('Ensure the project has releases.');
      return {
        object_kind: 'release',
        id: release.id,
        created_at: release.created_at,
        description: release.description ?? '',
        name: release.name,
        released_at: release.released_at,
        tag: release.tag_name,
        project: projectOf(context),
        url: `${webUrlOf(context)}/-/releases/${encodeURIComponent(release.tag_name)}`,
        action: 'create',
      };
    }
    case 'emoji_events': {
      const note = await newestNote(deps.db, projectId);
      if (!note) throw noData('Ensure the project has notes.');
      const now = deps.clock.now().toISOString();
      return {
        object_kind: 'emoji',
        event_type: 'award',
        user: userOf(context.actor),
        project_id: projectId,
        project: projectOf(context),
        object_attributes: { user_id: context.actor.id, created_at: now, id: 1, name: 'thumbsup', awardable_type: 'Note', awardable_id: note.id, updated_at: now },
        note: { id: note.id, note: note.body, noteable_type: 'Issue', author_id: note.author_id, created_at: note.created_at, updated_at: note.updated_at },
      };
    }
    case 'resource_access_token_events': {
      const now = deps.clock.now();
      const expiresAt = new Date(now.getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
      return {
        object_kind: 'access_token',
        project: projectOf(context),
        object_attributes: { user_id: null, created_at: now.toISOString(), id: 1, name: 'pat_for_webhook_event', expires_at: expiresAt },
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

/** GitLab's Push.build_sample: the newest three commits of the default branch (or of the newest tag). */
async function samplePush(context: SampleContext, isTag: boolean): Promise<unknown> {
  const { deps, found, actor } = context;
  const dir = repositoryPath(deps.config.dataDir, found.project.id);
  const refs = await readRefs(dir);
  const tag = isTag ? [...refs.keys()].filter((ref) => ref.startsWith('refs/tags/')).sort().at(-1) : undefined;
  const ref = tag ?? `refs/${isTag ? 'tags' : 'heads'}/${found.project.default_branch}`;
  const after = refs.get(isTag ? (tag ?? '') : ref) ?? null;
  const commits = after === null ? [] : await logCommits(dir, { revisions: [after], limit: 3 });
  return {
    object_kind: isTag ? 'tag_push' : 'push',
    event_name: isTag ? 'tag_push' : 'push',
    before: BLANK_SHA,
    after: after ?? BLANK_SHA,
    ref,
    ref_protected: false,
    checkout_sha: after,
    message: null,
    user_id: actor.id,
    user_name: actor.name,
    user_username: actor.username,
    user_email: '',
    user_avatar: null,
    project_id: found.project.id,
    project: projectOf(context),
    commits: commits.map(({ commit }) => ({
      id: commit.id,
      message: commit.message,
      title: commit.title,
      timestamp: commit.authoredDate,
      url: `${webUrlOf(context)}/-/commit/${commit.id}`,
      author: { name: commit.authorName, email: commit.authorEmail },
      added: [],
      modified: [],
      removed: [],
    })),
    total_commits_count: commits.length,
    push_options: {},
    repository: repositoryOf(context),
  };
}

const userOf = (actor: Actor) => ({ id: actor.id, name: actor.name, username: actor.username, avatar_url: null, email: '[REDACTED]' });

const webUrlOf = ({ deps, found }: SampleContext) => `${deps.config.externalUrl}/${found.namespace.path}/${found.project.path}`;

/** GitLab's hook `project` object. */
function projectOf(context: SampleContext) {
  const { found } = context;
  const webUrl = webUrlOf(context);
  const host = new URL(context.deps.config.externalUrl).host;
  const fullPath = `${found.namespace.path}/${found.project.path}`;
  return {
    id: found.project.id,
    name: found.project.name,
    description: found.project.description,
    web_url: webUrl,
    avatar_url: null,
    git_ssh_url: `git@${host}:${fullPath}.git`,
    git_http_url: `${webUrl}.git`,
    namespace: found.namespace.path,
    visibility_level: { private: 0, internal: 10, public: 20 }[found.project.visibility],
    path_with_namespace: fullPath,
    default_branch: found.project.default_branch,
    ci_config_path: null,
    homepage: webUrl,
    url: `git@${host}:${fullPath}.git`,
    ssh_url: `git@${host}:${fullPath}.git`,
    http_url: `${webUrl}.git`,
  };
}

function repositoryOf(context: SampleContext) {
  const project = projectOf(context);
  return {
    name: project.name,
    url: project.url,
    description: project.description,
    homepage: project.homepage,
    git_http_url: project.git_http_url,
    git_ssh_url: project.git_ssh_url,
    visibility_level: project.visibility_level,
  };
}
