import { z } from 'zod';
import cycle2023 from '../../config/cycle-2023.json';
import directoryData from '../../config/directory.json';
import type { Cycle, Directory } from '../domain/cycle';
import { ConfigurationError } from '../domain/errors';
import { REVIEW_STAGES } from '../domain/stages';

const person = z.object({ name: z.string().min(1), email: z.email() });

const cycleSchema = z.object({
  year: z.string().regex(/^\d{4}$/),
  title: z.string().min(1),
  categories: z
    .array(z.object({ id: z.string().regex(/^[a-z-]+$/), name: z.string().min(1), nameEn: z.string() }))
    .min(1),
  quotas: z.object({ organization: z.number().int().min(0), individual: z.number().int().min(0) }),
  submissionDeadline: z.iso.datetime(),
  reviewDays: z.object(Object.fromEntries(REVIEW_STAGES.map((stage) => [stage, z.number().positive()]))),
});

const directorySchema = z.object({
  mailFrom: z.string().min(3),
  intakeAddress: z.email(),
  centers: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9-]+$/),
        name: z.string().min(1),
        nominatingAddress: z.email(),
        head: person,
      }),
    )
    .min(1),
  hqReviewer: person,
  ministerOffice: person,
});

function parseData<T>(schema: z.ZodType, data: unknown, what: string): T {
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
  TABLE_NAME: z.string().min(1),
  STATE_MACHINE_ARN: z.string().startsWith('arn:'),
  PUBLIC_URL: z.url(),
  MAIL_FROM: z.string().min(3),
  SES_CONFIGURATION_SET: z.string().optional(),
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
