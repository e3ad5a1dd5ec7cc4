// Whether the CLI bundle (dist-cli/, `npm run build:cli`) is there and newer than every file in cli/ and package.json. Shared by
// bin/treaty.js and the cli-startup benchmark; plain JavaScript so that checking costs no compiler.
import { readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function compiledCliIsFresh() {
  try {
    const built = statSync(`${root}dist-cli/build.json`).mtimeMs;
    return built >= newestMtime(`${root}cli`) && built >= statSync(`${root}package.json`).mtimeMs;
  } catch {
    return false; // not built
  }
}
