// `npm start`: runs the compiled server (dist/server.js), building it first when dist/ is missing or older than any
// file in src/ or the build's inputs, so `npm ci && npm start` works from a fresh checkout. The check is a walk of
// mtimes (a few ms); the server runs in this process, exactly as `node dist/server.js` does.
import { buildServer, distIsFresh } from './server-build.mjs';

if (!distIsFresh()) {
  const started = performance.now();
  process.stderr.write('Treaty: building dist/ (npm run build) ...\n');
  await buildServer();
  process.stderr.write(`Treaty: dist/ built in ${Math.round(performance.now() - started)} ms\n`);
}
// dist/server.js turns on Node's compile cache (22.1+) before it loads the bundle, as under `node dist/server.js`.
await import('../dist/server.js');
