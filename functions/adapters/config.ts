import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import cycle2023 from '../../config/cycle-2023.json';
import cycle2026 from '../../config/cycle-2026.json';
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
    .array(
      z.object({
        id: z.string().check(z.regex(/^[a-z-]+$/)),
        name: nonEmpty(),
        nameEn: z.string(),
        quotas: z.optional(z.object({ organization: z.optional(count()), individual: z.optional(count()) })),
      }),
    )
    .check(z.minLength(1)),
  quotas: z.object({ organization: count(), individual: count() }),
  submissionOpens: z.iso.datetime(),
  submissionDeadline: z.iso.datetime(),
  reviewDays: z.object(
    Object.fromEntries(REVIEW_STAGES.map((stage) => [stage, z.number().check(z.positive())])),
  ),
  reminders: z.optional(
    z.object({
      daysBeforeDue: z.array(z.number().check(z.gte(0))).check(z.minLength(1)),
      max: z.number().check(z.int(), z.gte(0)),
    }),
  ),
  escalationDays: z.optional(z.number().check(z.gte(0))),
  minServiceYears: count(),
  maxNominationsPerCenter: z.optional(z.number().check(z.int(), z.positive())),
  draftConfirmationHours: z.number().check(z.positive()),
  retentionDays: z.number().check(z.int(), z.positive()),
  correctionDays: z.optional(z.number().check(z.positive())),
  // At most 3: each round keeps the values it replaced on the nomination item (400 KB per item).
  maxCorrectionRounds: z.optional(z.number().check(z.int(), z.gte(0), z.lte(3))),
});

const directorySchema = z.object({
  mailFrom: z.string().check(z.minLength(3)),
  intakeAddress: z.email(),
  centers: z
    .array(
      z.object({
        id: z.string().check(z.regex(/^[a-z0-9-]+$/)),
        name: nonEmpty(),
        nominatingAddresses: z.array(z.email()).check(z.minLength(1)),
        head: person,
        escalation: z.optional(person),
        delegates: z.optional(z.array(person)),
      }),
    )
    .check(z.minLength(1)),
  hqReviewer: person,
  ministerOffice: person,
  escalation: z.optional(z.object({ hq_review: z.optional(person), minister_approval: z.optional(person) })),
  delegates: z.optional(
    z.object({ hq_review: z.optional(z.array(person)), minister_approval: z.optional(z.array(person)) }),
  ),
});

function parseData<T>(schema: z.ZodMiniType, data: unknown, what: string): T {
  const result = schema.safeParse(data);
  if (!result.success) throw new ConfigurationError(`${what} is invalid: ${z.prettifyError(result.error)}`);
  return result.data as T;
}

export type ConfigFiles = { readonly cycles: Record<string, unknown>; readonly directory: unknown };

/** The files under config/, bundled with each function. */
const BUNDLED: ConfigFiles = {
  cycles: { 'cycle-2023.json': cycle2023, 'cycle-2026.json': cycle2026 },
  directory: directoryData,
};

/** The same files from another directory (AWARD_CONFIG_DIR, load-config): a deployment's or a test's own data. */
export function filesIn(dir: string): ConfigFiles {
  const read = (name: string): unknown => JSON.parse(readFileSync(path.join(dir, name), 'utf8'));
  const names = readdirSync(dir).filter((name) => /^cycle-.+\.json$/.test(name));
  return {
    cycles: Object.fromEntries(names.map((name) => [name, read(name)])),
    directory: read('directory.json'),
  };
}

/** The cycles and directory the functions work with. */
export interface LiveConfig {
  readonly cycles: readonly Cycle[];
  readonly directory: Directory;
}

/** Parsed and checked; cycles oldest first. Throws ConfigurationError naming the bad file and field. */
export function loadConfig(files: ConfigFiles): LiveConfig {
  const parsed = Object.entries(files.cycles).map(([name, data]) =>
    parseData<Cycle>(cycleSchema, data, `config/${name}`),
  );
  if (parsed.length === 0) throw new ConfigurationError('No cycle configured (config/cycle-<year>.json)');
  return {
    cycles: parsed.sort((a, b) => a.year.localeCompare(b.year)),
    directory: parseData<Directory>(directorySchema, files.directory, 'config/directory.json'),
  };
}

let shipped: LiveConfig | undefined;

/**
 * Cycle settings and the directory as shipped (config/, or AWARD_CONFIG_DIR), checked when first
 * asked for (a function's init): what `load-config` writes into the table, and what functions fall
 * back to while it has none. Importing this module reads nothing, so ops tools may import it freely.
 */
export function shippedConfig(): LiveConfig {
  if (!shipped) {
    const configDir = process.env.AWARD_CONFIG_DIR;
    shipped = loadConfig(configDir ? filesIn(configDir) : BUNDLED);
  }
  return shipped;
}

const envSchemas = {
  TABLE_NAME: nonEmpty(),
  STATE_MACHINE_ARN: z.string().check(z.startsWith('arn:')),
  PUBLIC_URL: z.url(),
  MAIL_FROM: z.string().check(z.minLength(3)),
  SES_CONFIGURATION_SET: z.optional(z.string()),
  /** The bucket SES's receipt rule stores intake mail in (and attachments are kept in). */
  INTAKE_BUCKET: nonEmpty(),
  /** How long a function keeps the cycles and directory it read from the table. */
  CONFIG_CACHE_SECONDS: z.optional(
    z.pipe(
      z.string().check(z.regex(/^\d+$/)),
      z.transform((value) => Number(value)),
    ),
  ),
  /** The Secrets Manager secret (ARN or name) approval link ids are derived under. */
  LINK_KEY_SECRET_ID: nonEmpty(),
  /** Region of the table and state machine when a function runs in another one (SES receiving). */
  WORKFLOW_REGION: z.optional(z.string().check(z.regex(/^[a-z]{2}(-[a-z]+)+-\d$/))),
} as const;

/** The variables each function reads; infra sets exactly these (a test compares them). */
export type EnvName = keyof typeof envSchemas;
export const ENV_NAMES = Object.keys(envSchemas) as EnvName[];

type Env<K extends EnvName> = { [P in K]: z.infer<(typeof envSchemas)[P]> };

/** Reads and validates the named environment variables once, at init; fails loudly when one is wrong. */
export function readEnv<K extends EnvName>(...names: K[]): Env<K> {
  const shape = Object.fromEntries(names.map((name) => [name, envSchemas[name]]));
  const result = z.object(shape).safeParse(process.env);
  if (!result.success)
    throw new ConfigurationError(`Environment is invalid: ${z.prettifyError(result.error)}`);
  return result.data as Env<K>;
}
