// treaty serve: starts the broker, exactly as `npm start` does (config from the environment).
export async function run(): Promise<void> {
  await import('../../src/server.js');
}
