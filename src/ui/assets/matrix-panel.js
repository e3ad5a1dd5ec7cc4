// The matrix page's cell panel (progressive enhancement; without it every cell is a plain link to its own page).
// A click on a cell loads that cell's page with fetch and shows its content in the panel beside the grid. Plain DOM:
// no eval, no inline script or style, nothing from the response is executed (DOMParser never runs scripts).
const panel = document.getElementById('cell-panel');
const grid = document.getElementById('matrix-grid');

/** The cell page's content, its headings one level down (the panel sits under the page's own h1). */
function contentOf(html) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const content = doc.getElementById('cell-content');
  if (!content) return null;
  for (const heading of content.querySelectorAll('h1, h2')) {
    const lower = doc.createElement(heading.tagName === 'H1' ? 'h2' : 'h3');
    for (const attr of heading.attributes) lower.setAttribute(attr.name, attr.value);
    lower.append(...heading.childNodes);
    heading.replaceWith(lower);
  }
  return content;
}

async function open(link) {
  const body = panel.querySelector('.cell-panel-body');
  panel.hidden = false;
  panel.setAttribute('aria-busy', 'true');
  body.textContent = 'Loading…';
  try {
    const response = await fetch(link.href, { headers: { accept: 'text/html' }, credentials: 'same-origin' });
    const content = response.ok ? contentOf(await response.text()) : null;
    if (content) body.replaceChildren(...content.childNodes);
    else body.textContent = 'Could not load this cell. Follow the link to open its page.';
  } catch {
    body.textContent = 'Could not load this cell. Follow the link to open its page.';
  }
  panel.removeAttribute('aria-busy');
  for (const current of grid.querySelectorAll('[aria-current="true"]')) current.removeAttribute('aria-current');
  link.setAttribute('aria-current', 'true');
  panel.querySelector('.cell-panel-title').focus();
}

if (panel && grid) {
  grid.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('a.cell-link') : null;
    // Modified clicks (new tab, new window) keep the link's own behaviour.
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    void open(link);
  });
  panel.querySelector('.cell-panel-close').addEventListener('click', () => {
    panel.hidden = true;
    const current = grid.querySelector('[aria-current="true"]');
    if (current) current.focus();
  });
}
