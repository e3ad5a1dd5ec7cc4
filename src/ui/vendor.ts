// Browser libraries the pages load, served by Treaty from their npm packages (never a CDN). The URL carries the
// package version, so a browser may cache a file for a year: an upgrade changes the URL.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

interface VendorFile {
  pkg: string;
  file: string;
}

/** The files pages may load, by short name. Each is a self-contained ES module (no bare imports, no import map). */
const FILES = {
  htmx: { pkg: 'htmx.org', file: 'dist/htmx.esm.min.js' },
  cytoscape: { pkg: 'cytoscape', file: 'dist/cytoscape.esm.min.mjs' },
  cytoscapeDagre: { pkg: 'cytoscape-dagre', file: 'dist/cytoscape-dagre.min.mjs' },
} as const satisfies Record<string, VendorFile>;

export type VendorName = keyof typeof FILES;

export const VENDOR_PREFIX = '/ui/vendor/';

/** The package's folder and version: walks up from its entry point (some packages' exports hide package.json). */
function packageRoot(pkg: string): { root: string; version: string } {
  let dir = dirname(require.resolve(pkg));
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version: string };
      if (manifest.name === pkg) return { root: dir, version: manifest.version };
    } catch {
      // no package.json here: keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the package folder of ${pkg}`);
    dir = parent;
  }
}

const RESOLVED = new Map<string, { path: string; name: VendorName }>();
const URLS = {} as Record<VendorName, string>;
for (const [name, { pkg, file }] of Object.entries(FILES) as Array<[VendorName, VendorFile]>) {
  const { root, version } = packageRoot(pkg);
  const relative = `${pkg}@${version}/${file.split('/').pop()}`;
  URLS[name] = `${VENDOR_PREFIX}${relative}`;
  RESOLVED.set(relative, { path: join(root, file), name });
}

/** The URL a page uses for a vendor file, e.g. vendorUrl('htmx') → /ui/vendor/htmx.org@4.0.1/htmx.esm.min.js. */
export function vendorUrl(name: VendorName): string {
  return URLS[name];
}

const cache = new Map<string, Buffer>();

/** The bytes of a vendor file by the path after VENDOR_PREFIX, or undefined for anything not on the list. */
export function vendorFile(relative: string): Buffer | undefined {
  const entry = RESOLVED.get(relative);
  if (!entry) return undefined;
  let bytes = cache.get(relative);
  if (!bytes) {
    bytes = readFileSync(entry.path);
    cache.set(relative, bytes);
  }
  return bytes;
}
