// Loaded into the spawned server by the bench's rss group only (`node --import <this> dist/server.js`), never by the
// server itself, so production code carries no diagnostics. It appends one JSON line per TREATY_RSS_PROBE_MS (100) to
// TREATY_RSS_PROBE_FILE: process.memoryUsage() (V8 heap, external, ArrayBuffers), V8's new and old space sizes, and the
// byte length of every WebAssembly.Memory the process made (PGlite's Postgres heap lives in one), seen by wrapping
// the Memory constructor and the instances' exported memories before any module loads.
import { appendFileSync } from 'node:fs';
import { getHeapSpaceStatistics } from 'node:v8';

const file = process.env.TREATY_RSS_PROBE_FILE;
if (file) {
  const memories = new Set();
  const Memory = WebAssembly.Memory;
  WebAssembly.Memory = new Proxy(Memory, {
    construct(target, args, newTarget) {
      const memory = Reflect.construct(target, args, newTarget === WebAssembly.Memory ? target : newTarget);
      memories.add(memory);
      return memory;
    },
  });
  const keepExported = (instance) => {
    for (const value of Object.values(instance?.exports ?? {})) if (value instanceof Memory) memories.add(value);
  };
  const Instance = WebAssembly.Instance;
  WebAssembly.Instance = new Proxy(Instance, {
    construct(target, args, newTarget) {
      const instance = Reflect.construct(target, args, newTarget === WebAssembly.Instance ? target : newTarget);
      keepExported(instance);
      return instance;
    },
  });
  const instantiate = WebAssembly.instantiate;
  WebAssembly.instantiate = async (...args) => {
    const result = await instantiate(...args);
    keepExported(result instanceof Instance ? result : result.instance);
    return result;
  };
  const mb = (bytes) => Math.round((bytes / 1048576) * 10) / 10;
  const write = () => {
    const usage = process.memoryUsage();
    const space = (name) => getHeapSpaceStatistics().find((s) => s.space_name === name)?.space_size ?? 0;
    let wasm = 0;
    for (const memory of memories) wasm += memory.buffer.byteLength;
    const line = {
      t: Date.now(),
      rss: mb(usage.rss),
      heapTotal: mb(usage.heapTotal),
      heapUsed: mb(usage.heapUsed),
      newSpace: mb(space('new_space')),
      oldSpace: mb(space('old_space')),
      external: mb(usage.external),
      arrayBuffers: mb(usage.arrayBuffers),
      wasm: mb(wasm),
    };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  };
  setInterval(write, Number(process.env.TREATY_RSS_PROBE_MS) || 100).unref();
}
