/** Template database for one test run; unique per run so parallel runs on one server do not collide. */
export const TEMPLATE_DB = `treaty_test_template_${process.env.TREATY_TEST_RUN_ID ?? (process.env.TREATY_TEST_RUN_ID = String(process.pid))}`;

export function urlFor(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** The maintenance database on the same server, for CREATE/DROP DATABASE. */
export function adminUrl(url: string): string {
  return urlFor(url, 'postgres');
}
