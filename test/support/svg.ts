// A light well-formedness check for the SVG badges (no XML parser among the dependencies).
import { expect } from 'vitest';

/** Well-formed enough to parse: one <svg> root, every other tag balanced (a naive XML tag walk). */
export function assertWellFormedSvg(svg: string): void {
  expect(svg.startsWith('<svg')).toBe(true);
  const stack: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    const [, closing, name, selfClosing] = m;
    if (selfClosing) continue;
    if (closing) expect(stack.pop()).toBe(name);
    else stack.push(name!);
  }
  expect(stack).toEqual([]);
}
