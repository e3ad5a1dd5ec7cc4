// Draws a badge as SVG locally with badge-maker (no redirect to shields.io: that breaks on closed networks).
// badge-maker escapes the text it places in the SVG (test/unit/badges/render.test.ts checks hostile names).
import { makeBadge } from 'badge-maker';
import type { BadgeLook } from './badge-status.js';

export function renderBadge({ label, message, color }: BadgeLook): string {
  return makeBadge({ label, message, color, style: 'flat' });
}
