import { makeFixtures } from './support/make-fixtures.ts';

export default async function globalSetup(): Promise<void> {
  await makeFixtures();
}
