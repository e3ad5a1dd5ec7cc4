// Pure: shields.io badge URLs (the Pact Broker's default "redirect" badge mode).
export interface BadgeStatus {
  label: string;
  status: string;
  color: 'brightgreen' | 'red' | 'orange' | 'lightgrey';
}

const SHIELDS = 'https://img.shields.io/badge';

/** shields.io path escaping: `-` → `--`, `_` → `__`, then percent-encoding (space → %20, / → %2F). */
const escape = (text: string) => encodeURIComponent(text.replace(/-/g, '--').replace(/_/g, '__'));

export function badgeUrl({ label, status, color }: BadgeStatus): string {
  return `${SHIELDS}/${escape(label)}-${escape(status)}-${color}.svg`;
}
