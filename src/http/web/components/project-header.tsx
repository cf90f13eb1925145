import type { ProjectContext } from '../../../services/projects/project-context.ts';
import { canReadProjectAccessTokens } from '../../../policies/token-policies.ts';
import { Breadcrumb } from './breadcrumb.tsx';
import { projectAccessTokensPath, projectMembersPath, projectPath } from '../paths.ts';

type Tab = 'overview' | 'members' | 'access_tokens';

/** Breadcrumb and tabs of every project page. Access Tokens shows for Maintainers and up. */
export function ProjectHeader({ context, current, trail }: { context: ProjectContext; current: Tab; trail?: string }) {
  const base = projectPath(context);
  const tabs: Array<{ tab: Tab; href: string; label: string }> = [
    { tab: 'overview', href: base, label: 'Overview' },
    { tab: 'members', href: projectMembersPath(context), label: 'Members' },
    ...(canReadProjectAccessTokens(context.facts)
      ? [{ tab: 'access_tokens' as const, href: projectAccessTokensPath(context), label: 'Settings › Access Tokens' }]
      : []),
  ];
  return (
    <>
      <Breadcrumb
        items={[
          { label: 'Projects', href: '/' },
          { label: context.namespace.path },
          { label: context.project.name, href: base },
          ...(trail ? [{ label: trail }] : []),
        ]}
      />
      <nav class="tabs" aria-label="Project">
        <ul>
          {tabs.map((item) => (
            <li>
              <a href={item.href} aria-current={item.tab === current ? 'page' : undefined}>
                {item.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
    </>
  );
}
