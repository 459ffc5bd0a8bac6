import cycle2023 from '../../config/cycle-2023.json';
import directoryData from '../../config/directory.json';
import type { Cycle, Directory } from '../domain/cycle';
import { ConfigurationError } from '../domain/errors';
import * as z from '../domain/schema';
import { REVIEW_STAGES } from '../domain/stages';

const nonEmpty = () => z.string().check(z.minLength(1));

const count = () => z.number().check(z.int(), z.gte(0));

const person = z.object({ name: nonEmpty(), email: z.email() });

const cycleSchema = z.object({
  year: z.string().check(z.regex(/^\d{4}$/)),
  title: nonEmpty(),
  categories: z
    .array(z.object({ id: z.string().check(z.regex(/^[a-z-]+$/)), name: nonEmpty(), nameEn: z.string() }))
    .check(z.minLength(1)),
  quotas: z.object({ organization: count(), individual: count() }),
  submissionDeadline: z.iso.datetime(),
  reviewDays: z.object(
    Object.fromEntries(REVIEW_STAGES.map((stage) => [stage, z.number().check(z.positive())])),
  ),
});

const directorySchema = z.object({
  mailFrom: z.string().check(z.minLength(3)),
  intakeAddress: z.email(),
  centers: z
    .array(
      z.object({
        id: z.string().check(z.regex(/^[a-z0-9-]+$/)),
        name: nonEmpty(),
        nominatingAddress: z.email(),
        head: person,
      }),
    )
    .check(z.minLength(1)),
  hqReviewer: person,
  ministerOffice: person,
});

function parseData<T>(schema: z.ZodMiniType, data: unknown, what: string): T {
  const result = schema.safeParse(data);
  if (!result.success) throw new ConfigurationError(`${what} is invalid: ${z.prettifyError(result.error)}`);
  return result.data as T;
}

/** Cycle settings and the directory are data in config/, bundled with each function and checked at init. */
export const cycles: readonly Cycle[] = [parseData<Cycle>(cycleSchema, cycle2023, 'config/cycle-2023.json')];
export const directory: Directory = parseData<Directory>(
  directorySchema,
  directoryData,
  'config/directory.json',
);

const envSchemas = {
  TABLE_NAME: nonEmpty(),
  STATE_MACHINE_ARN: z.string().check(z.startsWith('arn:')),
  PUBLIC_URL: z.url(),
  MAIL_FROM: z.string().check(z.minLength(3)),
  SES_CONFIGURATION_SET: z.optional(z.string()),
} as const;

type EnvName = keyof typeof envSchemas;
type Env<K extends EnvName> = { [P in K]: z.infer<(typeof envSchemas)[P]> };

/** Reads and validates the named environment variables once, at init; fails loudly when one is wrong. */
export function readEnv<K extends EnvName>(...names: K[]): Env<K> {
  const shape = Object.fromEntries(names.map((name) => [name, envSchemas[name]]));
  const result = z.object(shape).safeParse(process.env);
  if (!result.success)
    throw new ConfigurationError(`Environment is invalid: ${z.prettifyError(result.error)}`);
  return result.data as Env<K>;
}
