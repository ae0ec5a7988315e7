// Faker with one locale (English), in a chunk of its own (scripts/build.mjs): only a recipe that
// uses a `{{faker.…}}` helper loads it. The English locale with its base data is about 440 KB
// minified; all locales together are several megabytes.
import { faker } from '@faker-js/faker/locale/en';

export type Faker = typeof faker;

export function fakerInstance(): Faker {
  return faker;
}
