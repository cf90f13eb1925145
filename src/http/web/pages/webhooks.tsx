import type { WebhookDeliveryRow, WebhookRow } from '../../../db/schema.ts';
import type { ProjectContext } from '../../../services/projects/project-context.ts';
import { triggersOf } from '../../../services/webhooks/hook-rules.ts';
import { TESTABLE_TRIGGERS } from '../../../services/webhooks/hook-samples.ts';
import type { HookTrigger } from '../../../services/webhooks/queue-hook-event.ts';
import { hookAlertStatus } from '../../../domain/webhook-auto-disabling.ts';
import { CsrfField } from '../components/csrf-field.tsx';
import { Layout } from '../components/layout.tsx';
import { FormError, Notice } from '../components/messages.tsx';
import { ProjectHeader } from '../components/project-header.tsx';
import { Timestamp } from '../components/time.tsx';
import { hookPath, hooksPath } from '../paths.ts';
import type { View } from '../web-context.ts';

/** The events a hook can subscribe to on this page, with GitLab's labels. */
export const HOOK_EVENT_LABELS: ReadonlyArray<[HookTrigger, string]> = [
  ['push_events', 'Push events'],
  ['tag_push_events', 'Tag push events'],
  ['note_events', 'Comments'],
  ['confidential_note_events', 'Confidential comments'],
  ['issues_events', 'Issues events'],
  ['confidential_issues_events', 'Confidential issues events'],
  ['merge_requests_events', 'Merge request events'],
  ['job_events', 'Job events'],
  ['pipeline_events', 'Pipeline events'],
  ['wiki_page_events', 'Wiki page events'],
  ['deployment_events', 'Deployment events'],
  ['feature_flag_events', 'Feature flag events'],
  ['releases_events', 'Releases events'],
  ['emoji_events', 'Emoji events'],
  ['resource_access_token_events', 'Project or group access token events'],
];

export interface HookFormValues {
  url: string;
  name: string;
  description: string;
  triggers: HookTrigger[];
  branchFilterStrategy: 'wildcard' | 'all_branches';
  pushEventsBranchFilter: string;
  enableSslVerification: boolean;
}

export const NEW_HOOK_VALUES: HookFormValues = {
  url: '',
  name: '',
  description: '',
  triggers: ['push_events'],
  branchFilterStrategy: 'all_branches',
  pushEventsBranchFilter: '',
  enableSslVerification: true,
};

export function hookFormValues(hook: WebhookRow): HookFormValues {
  return {
    url: hook.url,
    name: hook.name ?? '',
    description: hook.description ?? '',
    triggers: [...triggersOf(hook)],
    branchFilterStrategy: hook.branch_filter_strategy === 'all_branches' || !hook.push_events_branch_filter ? 'all_branches' : 'wildcard',
    pushEventsBranchFilter: hook.push_events_branch_filter ?? '',
    enableSslVerification: hook.enable_ssl_verification === 1,
  };
}

const ALERT_LABELS = { executable: null, temporarily_disabled: 'Temporarily disabled', disabled: 'Disabled' } as const;

function AlertBadge({ hook, now }: { hook: WebhookRow; now: Date }) {
  const label = ALERT_LABELS[hookAlertStatus(hook, now)];
  return label === null ? null : <span class="badge badge-warning">{label}</span>;
}

/** URL, name, description, secret token, events, branch filter, SSL verification: GitLab's webhook form. */
function HookForm({ view, action, values, error, submit, editing }: { view: View; action: string; values: HookFormValues; error: string | null; submit: string; editing: boolean }) {
  return (
    <form method="post" action={action}>
      <CsrfField view={view} />
      <FormError message={error} />
      <label for="hook-url">URL</label>
      <input id="hook-url" name="url" type="url" required maxlength={2048} value={values.url} placeholder="https://example.com/trigger-ci.json" autocomplete="off" />
      <label for="hook-name">
        Name <span class="muted">(optional)</span>
      </label>
      <input id="hook-name" name="name" type="text" maxlength={255} value={values.name} autocomplete="off" />
      <label for="hook-description">
        Description <span class="muted">(optional)</span>
      </label>
      <textarea id="hook-description" name="description" maxlength={2048} rows={2}>
        {values.description}
      </textarea>
      <label for="hook-token">
        Secret token <span class="muted">(optional)</span>
      </label>
      <input id="hook-token" name="token" type="password" maxlength={2048} autocomplete="new-password" aria-describedby="hook-token-help" />
      <small id="hook-token-help">
        Sent with every request in the X-Gitlab-Token header.{editing ? ' Leave it empty to keep the current token; it is never shown again.' : ''}
      </small>
      <fieldset>
        <legend>Trigger</legend>
        {HOOK_EVENT_LABELS.map(([trigger, label]) => (
          <label>
            <input type="checkbox" name="triggers" value={trigger} checked={values.triggers.includes(trigger)} /> {label}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Push events: branches</legend>
        <label>
          <input type="radio" name="branch_filter_strategy" value="all_branches" checked={values.branchFilterStrategy === 'all_branches'} /> All branches
        </label>
        <label>
          <input type="radio" name="branch_filter_strategy" value="wildcard" checked={values.branchFilterStrategy === 'wildcard'} /> Wildcard pattern
        </label>
        <input name="push_events_branch_filter" type="text" maxlength={4000} value={values.pushEventsBranchFilter} placeholder="release/*" aria-label="Branch pattern" />
      </fieldset>
      <label>
        <input type="checkbox" name="enable_ssl_verification" value="1" checked={values.enableSslVerification} /> Enable SSL verification
      </label>
      <button type="submit">{submit}</button>
    </form>
  );
}

export interface HooksPageData {
  hooks: WebhookRow[];
  now: Date;
  values: HookFormValues;
  error: string | null;
  notice: string | null;
}

/** Settings > Webhooks: the project's hooks with their events and state, and the form to add one. */
export function HooksPage({ view, context, data }: { view: View; context: ProjectContext; data: HooksPageData }) {
  return (
    <Layout view={view} title={`Webhooks · ${context.project.name}`}>
      <ProjectHeader context={context} current="hooks" trail="Webhooks" />
      <hgroup>
        <h1>Webhooks</h1>
        <p class="lead">Webhooks send an HTTP POST to a URL of yours when something happens in this project.</p>
      </hgroup>
      <Notice message={data.notice} />
      <section aria-labelledby="hooks-heading">
        <h2 id="hooks-heading">Project hooks ({data.hooks.length})</h2>
        {data.hooks.length === 0 ? (
          <p class="muted">No webhooks enabled. Select trigger events above.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Webhook</th>
                <th scope="col">Events</th>
                <th scope="col">SSL verification</th>
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.hooks.map((hook) => (
                <tr>
                  <td>
                    <a href={`${hookPath(context, hook.id)}/edit`}>{hook.name || hook.url}</a> <AlertBadge hook={hook} now={data.now} />
                    {hook.name && <div class="muted">{hook.url}</div>}
                    {hook.description && <div class="muted">{hook.description}</div>}
                  </td>
                  <td>{HOOK_EVENT_LABELS.filter(([trigger]) => triggersOf(hook).has(trigger)).map(([, label]) => label).join(', ') || <span class="muted">None</span>}</td>
                  <td>{hook.enable_ssl_verification ? 'enabled' : 'disabled'}</td>
                  <td>
                    <form method="post" action={`${hookPath(context, hook.id)}/test`} class="inline">
                      <CsrfField view={view} />
                      <input type="hidden" name="trigger" value="push_events" />
                      <button type="submit" class="secondary">Test</button>
                    </form>{' '}
                    <form method="post" action={`${hookPath(context, hook.id)}/delete`} class="inline">
                      <CsrfField view={view} />
                      <button type="submit" class="secondary" aria-label={`Delete webhook ${hook.name || hook.url}`}>
                        Delete
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <article aria-labelledby="add-hook-heading">
        <h2 id="add-hook-heading">Add new webhook</h2>
        <HookForm view={view} action={hooksPath(context)} values={data.values} error={data.error} submit="Add webhook" editing={false} />
      </article>
    </Layout>
  );
}

export interface HookEditData {
  hook: WebhookRow;
  deliveries: WebhookDeliveryRow[];
  now: Date;
  values: HookFormValues;
  error: string | null;
  notice: string | null;
}

/** One hook: its form, a test button per event, and the deliveries of the last seven days. */
export function HookEditPage({ view, context, data }: { view: View; context: ProjectContext; data: HookEditData }) {
  const base = hookPath(context, data.hook.id);
  return (
    <Layout view={view} title={`Edit webhook · ${context.project.name}`}>
      <ProjectHeader context={context} current="hooks" trail="Webhooks" />
      <h1>
        Edit webhook <AlertBadge hook={data.hook} now={data.now} />
      </h1>
      <Notice message={data.notice} />
      <HookForm view={view} action={base} values={data.values} error={data.error} submit="Save changes" editing />
      <form method="post" action={`${base}/test`} class="inline">
        <CsrfField view={view} />
        <label for="hook-test-trigger">Test with</label>
        <select id="hook-test-trigger" name="trigger">
          {HOOK_EVENT_LABELS.filter(([trigger]) => (TESTABLE_TRIGGERS as readonly string[]).includes(trigger)).map(([trigger, label]) => (
            <option value={trigger}>{label}</option>
          ))}
        </select>
        <button type="submit" class="secondary">Test</button>
      </form>
      <form method="post" action={`${base}/delete`} class="inline">
        <CsrfField view={view} />
        <button type="submit" class="secondary">Delete webhook</button>
      </form>
      <section aria-labelledby="recent-events-heading">
        <h2 id="recent-events-heading">Recent events</h2>
        <p class="muted">Deliveries of the last seven days, newest first.</p>
        {data.deliveries.length === 0 ? (
          <p class="muted">No recent events.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Status</th>
                <th scope="col">Trigger</th>
                <th scope="col">URL</th>
                <th scope="col">Elapsed time</th>
                <th scope="col">Request time</th>
                <th scope="col">
                  <span class="visually-hidden">Details</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {data.deliveries.map((delivery) => (
                <tr>
                  <td>{delivery.response_status}</td>
                  <td>{delivery.trigger}</td>
                  <td>{delivery.url}</td>
                  <td>{delivery.execution_duration.toFixed(2)} sec</td>
                  <td>
                    <Timestamp at={delivery.created_at} />
                  </td>
                  <td>
                    <a href={`${base}/hook_logs/${delivery.id}`}>View details</a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Layout>
  );
}

/** Headers as stored (a JSON object), one per line; the secret token is never shown. */
function Headers({ json }: { json: string }) {
  let entries: [string, unknown][] = [];
  try {
    entries = Object.entries(JSON.parse(json) as Record<string, unknown>);
  } catch {
    return <pre>{json}</pre>;
  }
  return <pre>{entries.map(([name, value]) => `${name}: ${name.toLowerCase() === 'x-gitlab-token' ? '[REDACTED]' : String(value)}`).join('\n')}</pre>;
}

/** One delivery: what was sent and what came back (GitLab's hook log page). */
export function HookLogPage({ view, context, hook, delivery }: { view: View; context: ProjectContext; hook: WebhookRow; delivery: WebhookDeliveryRow }) {
  return (
    <Layout view={view} title={`Request details · ${context.project.name}`}>
      <ProjectHeader context={context} current="hooks" trail="Webhooks" />
      <h1>Request details</h1>
      <p>
        <a href={`${hookPath(context, hook.id)}/edit`}>Back to the webhook</a>
      </p>
      <dl>
        <dt>Response status</dt>
        <dd>{delivery.response_status}</dd>
        <dt>Trigger</dt>
        <dd>{delivery.trigger}</dd>
        <dt>URL</dt>
        <dd>{delivery.url}</dd>
        <dt>Elapsed time</dt>
        <dd>{delivery.execution_duration.toFixed(2)} sec</dd>
        <dt>Request time</dt>
        <dd>
          <Timestamp at={delivery.created_at} />
        </dd>
        {delivery.internal_error_message && (
          <>
            <dt>Error</dt>
            <dd>{delivery.internal_error_message}</dd>
          </>
        )}
      </dl>
      <h2>Request headers</h2>
      <Headers json={delivery.request_headers} />
      <h2>Request body</h2>
      <pre>{delivery.request_data}</pre>
      <h2>Response headers</h2>
      <Headers json={delivery.response_headers} />
      <h2>Response body</h2>
      <pre>{delivery.response_body}</pre>
    </Layout>
  );
}
