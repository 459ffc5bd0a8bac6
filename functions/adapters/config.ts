import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import cycle2023 from '../../config/cycle-2023.json';
import cycle2026 from '../../config/cycle-2026.json';
import directoryData from '../../config/directory.json';
import {
  arrayOf,
  type Check,
  email,
  formatIssues,
  int,
  isoDateTime,
  map,
  num,
  type Out,
  object,
  optional,
  parse,
  str,
  url,
} from '../domain/check';
import type { Cycle, Directory, Person } from '../domain/cycle';
import { ConfigurationError } from '../domain/errors';
import { REVIEW_STAGES, type ReviewStage } from '../domain/stages';

const nonEmpty = () => str({ min: 1 });

const count = () => int({ gte: 0 });

const person: Check<Person> = object({ name: nonEmpty(), email: email() });

const reviewDays = object(
  Object.fromEntries(REVIEW_STAGES.map((stage) => [stage, num({ positive: true })])),
) as Check<Record<ReviewStage, number>>;

// Typed as the domain's Cycle and Directory: a rule that no longer fits them does not compile.
const cycleSchema: Check<Cycle> = object({
  year: str({ pattern: /^\d{4}$/ }),
  title: nonEmpty(),
  categories: arrayOf(
    object({
      id: str({ pattern: /^[a-z-]+$/ }),
      name: nonEmpty(),
      nameEn: str(),
      quotas: optional(object({ organization: optional(count()), individual: optional(count()) })),
    }),
    { min: 1 },
  ),
  quotas: object({ organization: count(), individual: count() }),
  submissionOpens: isoDateTime(),
  submissionDeadline: isoDateTime(),
  reviewDays,
  reminders: optional(
    object({
      daysBeforeDue: arrayOf(num({ gte: 0 }), { min: 1 }),
      max: int({ gte: 0 }),
    }),
  ),
  escalationDays: optional(num({ gte: 0 })),
  minServiceYears: count(),
  maxNominationsPerCenter: optional(int({ positive: true })),
  draftConfirmationHours: num({ positive: true }),
  retentionDays: int({ positive: true }),
  correctionDays: optional(num({ positive: true })),
  // At most 3: each round keeps the values it replaced on the nomination item (400 KB per item).
  maxCorrectionRounds: optional(int({ gte: 0, lte: 3 })),
  mail: optional(object({ senderName: str({ min: 1, max: 60 }), replyTo: optional(email()) })),
});

const directorySchema: Check<Directory> = object({
  mailFrom: str({ min: 3 }),
  intakeAddress: email(),
  centers: arrayOf(
    object({
      id: str({ pattern: /^[a-z0-9-]+$/ }),
      name: nonEmpty(),
      nominatingAddresses: arrayOf(email(), { min: 1 }),
      head: person,
      escalation: optional(person),
      delegates: optional(arrayOf(person)),
    }),
    { min: 1 },
  ),
  hqReviewer: person,
  ministerOffice: person,
  escalation: optional(object({ hq_review: optional(person), minister_approval: optional(person) })),
  delegates: optional(
    object({ hq_review: optional(arrayOf(person)), minister_approval: optional(arrayOf(person)) }),
  ),
});

/** `data` checked by `check`; else a ConfigurationError naming `what` and each bad field's path. */
function parseData<T>(check: Check<T>, data: unknown, what: string): T {
  const result = parse(check, data);
  if (!result.ok) throw new ConfigurationError(`${what} is invalid: ${formatIssues(result.issues)}`);
  return result.value;
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
    parseData(cycleSchema, data, `config/${name}`),
  );
  if (parsed.length === 0) throw new ConfigurationError('No cycle configured (config/cycle-<year>.json)');
  return {
    cycles: parsed.sort((a, b) => a.year.localeCompare(b.year)),
    directory: parseData(directorySchema, files.directory, 'config/directory.json'),
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
  STATE_MACHINE_ARN: str({ startsWith: 'arn:' }),
  PUBLIC_URL: url(),
  MAIL_FROM: str({ min: 3 }),
  SES_CONFIGURATION_SET: optional(str()),
  /** The bucket SES's receipt rule stores intake mail in (and attachments are kept in). */
  INTAKE_BUCKET: nonEmpty(),
  /** The bucket issued certificates (표창장 PDFs) are kept in, under `certificates/`. */
  CERTIFICATE_BUCKET: nonEmpty(),
  /** How long a function keeps the cycles and directory it read from the table. */
  CONFIG_CACHE_SECONDS: optional(map(str({ pattern: /^\d+$/ }), (value) => Number(value))),
  /** The Secrets Manager secret (ARN or name) approval link ids are derived under. */
  LINK_KEY_SECRET_ID: nonEmpty(),
  /** Region of the table and state machine when a function runs in another one (SES receiving). */
  WORKFLOW_REGION: optional(str({ pattern: /^[a-z]{2}(-[a-z]+)+-\d$/ })),
} as const;

/** The variables each function reads; infra sets exactly these (a test compares them). */
export type EnvName = keyof typeof envSchemas;
export const ENV_NAMES = Object.keys(envSchemas) as EnvName[];

type Env<K extends EnvName> = { [P in K]: Out<(typeof envSchemas)[P]> };

/** Reads and validates the named environment variables once, at init; fails loudly when one is wrong. */
export function readEnv<K extends EnvName>(...names: K[]): Env<K> {
  const shape: Record<string, Check<unknown>> = Object.fromEntries(
    names.map((name) => [name, envSchemas[name]]),
  );
  const result = parse(object(shape), process.env);
  if (!result.ok) throw new ConfigurationError(`Environment is invalid: ${formatIssues(result.issues)}`);
  return result.value as Env<K>;
}
