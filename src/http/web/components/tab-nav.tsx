import type { ComponentChildren } from 'preact';

export interface TabItem<T extends string> {
  tab: T;
  href: string;
  label: ComponentChildren;
}

/** A row of tabs (links), the current one marked for the reader and for screen readers. */
export function TabNav<T extends string>({ label, tabs, current, class: className = 'tabs' }: { label: string; tabs: TabItem<T>[]; current: T; class?: string }) {
  return (
    <nav class={className} aria-label={label}>
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
  );
}
