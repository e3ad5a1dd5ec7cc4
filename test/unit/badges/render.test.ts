// The SVG drawn by badge-maker: well-formed, with the text in it, and hostile names escaped, never markup.
import { describe, expect, it } from 'vitest';
import { renderBadge } from '../../../src/badges/render.js';
import { assertWellFormedSvg } from '../../support/svg.js';

describe('renderBadge', () => {
  it('draws the label and the status', () => {
    const svg = renderBadge({ label: 'foo/bar pact', message: 'verified', color: 'brightgreen' });
    assertWellFormedSvg(svg);
    expect(svg).toContain('foo/bar pact');
    expect(svg).toContain('verified');
    expect(svg).toContain('#4b0'); // badge-maker 6's brightgreen
  });

  it.each([
    ['a script element', '<script>alert(1)</script>'],
    ['quotes and an attribute breakout', `x" onload="alert(1)' y`],
    ['an entity and a CDATA end', '&amp; ]]> &'],
    ['emoji and right-to-left text', '🚀 שלום'],
  ])('escapes %s', (_, name) => {
    const svg = renderBadge({ label: `${name}/bar pact`, message: 'failed', color: 'red' });
    assertWellFormedSvg(svg);
    expect(svg).not.toContain('<script');
    expect(svg).not.toContain('onload="');
    expect(svg).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;|#)/);
  });
});
