import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { generateOpenApi } from '../../src/openapi.js';

export async function run(options: { out: string }): Promise<void> {
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, await generateOpenApi());
  process.stdout.write(`Wrote ${options.out}\n`);
}
