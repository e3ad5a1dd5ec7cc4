// The frame every page shares: semantic landmarks, a skip link, the navigation, one stylesheet and nothing inline
// (the page CSP allows only 'self' for styles and scripts). Children are escaped at their own <… safe> sites.
import type { PropsWithChildren } from '@kitajs/html';

/** Where Treaty serves the UI's own static files (src/ui/assets/). */
export const ASSETS_PREFIX = '/ui/assets/';

export interface NavItem {
  text: string;
  href: string;
}

export const NAV: readonly NavItem[] = [
  { text: 'Dashboard', href: '/' },
  { text: 'Network graph', href: '/ui/graph' },
  { text: 'Can I deploy?', href: '/ui/can-i-deploy' },
  { text: 'Search pacts', href: '/ui/search' },
  // The OpenAPI rendered for people (@fastify/swagger-ui).
  { text: 'API docs', href: '/docs' },
  // The HAL index itself: browsers can read it as JSON.
  { text: 'HAL index', href: '/?format=hal' },
];

export interface LayoutProps {
  title: string;
  /** The NAV href of this page, marked aria-current. */
  current?: string;
  /** ES modules this page loads (Treaty's own under /ui/assets/, or vendorUrl(...)); never inline code. */
  scripts?: readonly string[];
}

export function Layout(props: PropsWithChildren<LayoutProps>): JSX.Element {
  return (
    <>
      {'<!doctype html>'}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="color-scheme" content="light dark" />
          {/* htmx would otherwise add its indicator styles itself; treaty.css has them (style-src 'self'). */}
          <meta name="htmx-config" content="includeIndicatorCSS:false" />
          <title safe>{`${props.title} · Treaty`}</title>
          <link rel="icon" href={`${ASSETS_PREFIX}favicon.svg`} type="image/svg+xml" />
          <link rel="stylesheet" href={`${ASSETS_PREFIX}treaty.css`} id="__________cytoscape_stylesheet" />
          {(props.scripts ?? []).map((src) => (
            <script type="module" src={src}></script>
          ))}
        </head>
        <body>
          <a class="skip-link" href="#main">
            Skip to content
          </a>
          <header class="site-header">
            <a class="brand" href="/">
              Treaty
            </a>
            <nav aria-label="Main">
              <ul>
                {NAV.map((item) => (
                  <li>
                    <a href={item.href} aria-current={item.href === props.current ? 'page' : undefined} safe>
                      {item.text}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </header>
          <main id="main" tabindex="-1">
            {props.children}
          </main>
        </body>
      </html>
    </>
  );
}
