// `npm run build`: bundles the server (src/server.ts, everything it imports from src/ and most of the packages those
// import) with esbuild (tsx's own dependency, through its JS API) into dist/server.js. One file instead of a few hundred
// modules: resolving and reading each module was a third of the import time, and for the packages' ~700 modules it
// still was ~13% of a start's CPU. Packages that find files of their own at run time (wasm, static assets, worker
// scripts by path, their package.json) stay imports, resolved from node_modules/ next to dist/: see EXTERNAL.
// Modules that find files relative to import.meta.url (ui assets, docs-theme.css, ../../migrations) get the URL their
// file would have in a dist/ mirror of src/ (dist/ui/ui.routes.js, ...), and the non-TypeScript files of src/ are
// copied into that mirror, so every such path resolves as from src/ (dist/ sits at the same depth). dist/build.json is
// written last: its mtime is the build's time, which scripts/start.mjs compares with src/ to rebuild when stale. Type
// checking stays with `npm run typecheck` (tsc).
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(root, 'src');
const DIST = join(root, 'dist');
/** What the build depends on besides src/: start.mjs rebuilds when any of these is newer than the build. */
export const BUILD_INPUTS = ['scripts/server-build.mjs', 'tsconfig.json', 'package.json'];

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path) : [path];
  });
}

/** The newest mtime among src/ and the build inputs (a few ms for a few hundred files). */
export function newestInputMtime() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = `${dir}/${entry.name}`;
      newest = Math.max(newest, entry.isDirectory() ? walk(path) : statSync(path).mtimeMs);
    }
    return newest;
  };
  walk(SRC);
  for (const input of BUILD_INPUTS) newest = Math.max(newest, statSync(join(root, input)).mtimeMs);
  return newest;
}

/** Whether dist/ was built after every input changed. */
export function distIsFresh() {
  try {
    return statSync(join(DIST, 'build.json')).mtimeMs >= newestInputMtime();
  } catch {
    return false; // not built
  }
}

/**
 * Packages left as imports: PGlite (its wasm and data files sit next to its code), the API docs (swagger reads its
 * package.json, swagger-ui serves its static files), pino (starts transport workers by file path), elkjs (loaded on
 * first use, see src/integrations/graph-layout.ts), pg-native (pg's optional native driver, absent here), and the
 * browser libraries src/ui/vendor.ts serves from their packages.
 */
export const EXTERNAL = ['@electric-sql/pglite', '@fastify/swagger', '@fastify/swagger-ui', 'pino', 'elkjs', 'pg-native', 'htmx.org', 'cytoscape', 'cytoscape-dagre'];

/** Each src/ module's import.meta.url becomes the URL of its place in the dist/ mirror, relative to the bundle. */
const mirrorImportMetaUrl = {
  name: 'mirror-import-meta-url',
  setup(build) {
    build.onLoad({ filter: /\/src\/.*\.tsx?$/ }, (args) => {
      let contents = readFileSync(args.path, 'utf8');
      if (contents.includes('import.meta.url')) {
        const mirrored = `./${relative(SRC, args.path).split('\\').join('/').replace(/\.tsx?$/, '.js')}`;
        contents = contents.replaceAll('import.meta.url', `new URL(${JSON.stringify(mirrored)}, import.meta.url).href`);
      }
      return { contents, loader: args.path.endsWith('.tsx') ? 'tsx' : 'ts' };
    });
  },
};

export async function buildServer() {
  const require = createRequire(import.meta.url);
  // esbuild is not a direct dependency: take the copy tsx resolves, so the version is the one tsx was tested with.
  const esbuild = await import(pathToFileURL(createRequire(require.resolve('tsx')).resolve('esbuild')).href);
  const assets = files(SRC).filter((f) => !/\.tsx?$/.test(f));
  rmSync(DIST, { recursive: true, force: true });
  const result = await esbuild.build({
    entryPoints: [join(SRC, 'server.ts')],
    outdir: DIST,
    bundle: true,
    // Dynamic imports stay lazy as chunks next to server.js (same depth, so import.meta.url paths hold): PostgreSQL's
    // driver loads only on PostgreSQL, PGlite's only on PGlite.
    splitting: true,
    chunkNames: 'chunk-[hash]',
    external: EXTERNAL,
    // The bundled CommonJS packages require Node's built-ins: an ES module has no `require` of its own.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    platform: 'node',
    format: 'esm',
    target: 'node20',
    jsx: 'automatic',
    jsxImportSource: '@kitajs/html',
    sourcemap: 'linked',
    metafile: true,
    plugins: [mirrorImportMetaUrl],
    logLevel: 'warning',
  });
  for (const asset of assets) {
    const target = join(DIST, relative(SRC, asset));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(asset, target);
  }
  const modules = Object.keys(result.metafile.inputs).length;
  writeFileSync(join(DIST, 'build.json'), `${JSON.stringify({ note: 'Generated by npm run build; do not edit', modules, assets: assets.length })}\n`);
}

// `node scripts/server-build.mjs [--if-stale]`: --if-stale keeps a fresh dist/ (tests share one build).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--if-stale') && distIsFresh()) {
    console.log('dist/ is fresh');
  } else {
    const started = performance.now();
    await buildServer();
    console.log(`dist/ built in ${Math.round(performance.now() - started)} ms`);
  }
}
