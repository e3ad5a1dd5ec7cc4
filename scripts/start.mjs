// `npm start`: runs the compiled server (dist/server.js), building it first when dist/ is missing or older than any
// file in src/ or the build's inputs, so `npm ci && npm start` works from a fresh checkout. The check is a walk of
// mtimes (a few ms); the server runs in this process, exactly as `node dist/server.js` does.
import module from 'node:module';
import { buildServer, distIsFresh } from './server-build.mjs';

// Node 22.1+ keeps V8's compiled code of the modules loaded from here on in a cache under the OS temp dir, for the next
// start; Node 20 has none (a no-op there). A cache dir that cannot be written only makes it return a failed status.
module.enableCompileCache?.();

if (!distIsFresh()) {
  const started = performance.now();
  process.stderr.write('Treaty: building dist/ (npm run build) ...\n');
  await buildServer();
  process.stderr.write(`Treaty: dist/ built in ${Math.round(performance.now() - started)} ms\n`);
}
await import('../dist/server.js');
