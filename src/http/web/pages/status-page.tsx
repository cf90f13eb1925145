import type { ComponentChildren } from 'preact';
import { Layout } from '../components/layout.tsx';
import type { View } from '../web-context.ts';

/** 403, 404, 500 and friends: a friendly page, never a stack trace. */
export function StatusPage({ view, status, title, children }: { view: View; status: number; title: string; children?: ComponentChildren }) {
  return (
    <Layout view={view} title={title}>
      <article>
        <hgroup>
          <h1>{title}</h1>
          <p class="muted">{`Error ${status}`}</p>
        </hgroup>
        {children}
        <p>
          <a href="/">Go to your projects</a>
        </p>
      </article>
    </Layout>
  );
}

export function NotFoundPage({ view }: { view: View }) {
  return (
    <StatusPage view={view} status={404} title="Page not found">
      <p>The page you were looking for doesn't exist, or you don't have access to it.</p>
    </StatusPage>
  );
}
