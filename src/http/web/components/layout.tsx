import type { ComponentChildren } from 'preact';
import { assetUrl } from '../assets.ts';
import type { View } from '../web-context.ts';
import { CsrfField } from './csrf-field.tsx';
import { TokenExpiryBanner } from './token-expiry-banner.tsx';

function NavLink({ view, href, children }: { view: View; href: string; children: ComponentChildren }) {
  const current = href === '/' ? view.path === '/' : view.path === href || view.path.startsWith(`${href}/`);
  return (
    <li>
      <a href={href} aria-current={current ? 'page' : undefined}>
        {children}
      </a>
    </li>
  );
}

function UserMenu({ view }: { view: View }) {
  const user = view.user;
  if (user === undefined) {
    return (
      <ul>
        <li>
          <a href="/">Projects</a>
        </li>
      </ul>
    );
  }
  if (user === null) {
    return (
      <ul>
        <li>
          <a href="/users/sign_in">Sign in</a>
        </li>
      </ul>
    );
  }
  return (
    <ul>
      <NavLink view={view} href="/">
        Projects
      </NavLink>
      <NavLink view={view} href="/dashboard/groups">
        Groups
      </NavLink>
      {user.isAdmin && (
        <NavLink view={view} href="/admin/users">
          Admin area
        </NavLink>
      )}
      <li>
        <details class="dropdown">
          <summary aria-label={`User menu for ${user.username}`}>{user.username}</summary>
          <ul dir="rtl">
            <li>
              <a href="/-/user_settings/personal_access_tokens" dir="ltr">
                Personal access tokens
              </a>
            </li>
            <li>
              <form method="post" action="/users/sign_out" dir="ltr">
                <CsrfField view={view} />
                <button type="submit" class="link">
                  Sign out
                </button>
              </form>
            </li>
          </ul>
        </details>
      </li>
    </ul>
  );
}

/** Every page: Pico CSS, our small stylesheet and script (static files, so a strict CSP holds). */
export function Layout({ view, title, children }: { view: View; title: string; children: ComponentChildren }) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <link rel="icon" href="data:," />
        <title>{`${title} · Latchkey`}</title>
        <link rel="stylesheet" href={assetUrl('pico.min.css')} />
        <link rel="stylesheet" href={assetUrl('highlight.css')} />
        <link rel="stylesheet" href={assetUrl('latchkey.css')} />
        <script src={assetUrl('latchkey.js')} defer />
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="container">
          <nav aria-label="Main">
            <ul>
              <li>
                <a href="/" class="brand">
                  <strong>Latchkey</strong>
                </a>
              </li>
            </ul>
            <UserMenu view={view} />
          </nav>
        </header>
        <main class="container" id="main">
          <TokenExpiryBanner alerts={view.tokenAlerts} />
          {children}
        </main>
        <footer class="container">
          <small>Latchkey · GitLab API v4 compatible</small>
        </footer>
      </body>
    </html>
  );
}
