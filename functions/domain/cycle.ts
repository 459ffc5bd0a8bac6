import { ConfigurationError } from './errors';
import type { NomineeType } from './nomination';
import type { ReviewStage } from './stages';

/** Cycle settings are data (config/cycle-*.json), not code. */
export interface Category {
  readonly id: string;
  readonly name: string;
  readonly nameEn: string;
  /** Awards of the category by nominee type, where the cycle limits them (within the cycle's quotas). */
  readonly quotas?: Readonly<Partial<Record<NomineeType, number>>>;
}

export interface Cycle {
  readonly year: string;
  readonly title: string;
  readonly categories: readonly Category[];
  readonly quotas: Readonly<Record<NomineeType, number>>;
  /** Nominations are accepted from `submissionOpens` up to `submissionDeadline` (ISO instants, UTC). */
  readonly submissionOpens: string;
  readonly submissionDeadline: string;
  readonly reviewDays: Readonly<Record<ReviewStage, number>>;
  /** Reminders of open approvals before their due date; absent = none. */
  readonly reminders?: { readonly daysBeforeDue: readonly number[]; readonly max: number };
  /** Days an overdue approval stays decidable by the original approver and the escalation address. */
  readonly escalationDays?: number;
  /** Minimum years of service of an individual nominee. */
  readonly minServiceYears: number;
  /** At most this many nominations per center in the cycle; absent = no limit. */
  readonly maxNominationsPerCenter?: number;
  /** How long a web draft waits for the center's confirmation before it expires. */
  readonly draftConfirmationHours: number;
  /** Days after submission when the nomination's personal data is destroyed (the consent text promises it). */
  readonly retentionDays: number;
  /**
   * Days a returned nomination's edit link works (보완 기한); the workflow waits as long (a test ties
   * the two). Absent: DEFAULT_CORRECTION_DAYS (functions/domain/correction.ts).
   */
  readonly correctionDays?: number;
  /** Corrections a nomination may be asked for; one more return ends it `returned`. Absent: the default. */
  readonly maxCorrectionRounds?: number;
  /** Who the cycle's mails come from (display name) and where replies go; absent: the directory's mailFrom. */
  readonly mail?: { readonly senderName: string; readonly replyTo?: string };
}

export interface Person {
  readonly name: string;
  readonly email: string;
}

export interface Center {
  readonly id: string;
  readonly name: string;
  /** Addresses the center registered for nominating: only these confirm drafts or send intake mail. */
  readonly nominatingAddresses: readonly string[];
  readonly head: Person;
  /** Who decides a center review that is past its due date, alongside the head (e.g. 부센터장). */
  readonly escalation?: Person;
  /** Registered colleagues a center review may be delegated to (the head and escalation count too). */
  readonly delegates?: readonly Person[];
}

export interface Directory {
  readonly mailFrom: string;
  readonly intakeAddress: string;
  readonly centers: readonly Center[];
  readonly hqReviewer: Person;
  readonly ministerOffice: Person;
  /** Who decides an overdue HQ review or minister approval alongside (e.g. 국장, 차관 대결). */
  readonly escalation?: { readonly hq_review?: Person; readonly minister_approval?: Person };
  /** Registered colleagues of HQ and the minister's office a decision may be delegated to. */
  readonly delegates?: {
    readonly hq_review?: readonly Person[];
    readonly minister_approval?: readonly Person[];
  };
}

export function findCycle(cycles: readonly Cycle[], year: string): Cycle | undefined {
  return cycles.find((cycle) => cycle.year === year);
}

/** The cycle of a stored nomination: missing means the configuration lost it, not bad input. */
export function cycleOf(cycles: readonly Cycle[], year: string): Cycle {
  const cycle = findCycle(cycles, year);
  if (!cycle) throw new ConfigurationError(`No cycle ${year} configured`);
  return cycle;
}

/** Whether the cycle accepts nominations at `now`. */
export function isOpen(cycle: Cycle, now: Date): boolean {
  const at = now.getTime();
  return at >= Date.parse(cycle.submissionOpens) && at <= Date.parse(cycle.submissionDeadline);
}

/** The newest cycle configured (configuration always has one: loadConfig refuses none). */
export function latestCycle(cycles: readonly Cycle[]): Cycle {
  const latest = cycles.at(-1);
  if (!latest) throw new ConfigurationError('No cycle configured');
  return latest;
}

/** The cycle to show a stored nomination in: its own, or the newest one if the configuration lost it. */
export function displayCycle(cycles: readonly Cycle[], year: string): Cycle {
  return findCycle(cycles, year) ?? latestCycle(cycles);
}

/** The cycle the form offers: the one open now, else undefined. */
export function openCycle(cycles: readonly Cycle[], now: Date): Cycle | undefined {
  return cycles.find((cycle) => isOpen(cycle, now));
}

/** Whether `address` is one the center registered (addresses compare case-insensitively). */
export function isRegisteredAddress(center: Center, address: string): boolean {
  const wanted = address.trim().toLowerCase();
  return center.nominatingAddresses.some((registered) => registered.toLowerCase() === wanted);
}

/**
 * Where news of a nomination goes on the nominating side: the center's registered addresses,
 * never an address typed into the form (nobody verified that one).
 */
export function nominatorAddresses(directory: Directory, centerId: string): readonly string[] {
  const center = findCenter(directory, centerId);
  if (!center) throw new ConfigurationError(`No center '${centerId}' in the directory`);
  return center.nominatingAddresses;
}

/** The centers that registered `address`. */
export function centersOf(directory: Directory, address: string): Center[] {
  return directory.centers.filter((center) => isRegisteredAddress(center, address));
}

export function findCenter(directory: Directory, centerId: string): Center | undefined {
  return directory.centers.find((center) => center.id === centerId);
}

/** Finds a category by its id or by its Korean name (e-mail nominations may use either). */
export function findCategory(cycle: Cycle, idOrName: string): Category | undefined {
  const wanted = idOrName.trim();
  return cycle.categories.find((category) => category.id === wanted || category.name === wanted);
}

/** Who decides a review stage of a nomination from the given center. */
export function approverFor(directory: Directory, stage: ReviewStage, centerId: string): Person {
  switch (stage) {
    case 'center_review': {
      const center = findCenter(directory, centerId);
      if (!center) throw new Error(`No center '${centerId}' in the directory`);
      return center.head;
    }
    case 'hq_review':
      return directory.hqReviewer;
    case 'minister_approval':
      return directory.ministerOffice;
  }
}

/**
 * Who a stage's decision may be handed to: the registered people of the same organisation (the
 * center for center reviews, HQ, the minister's office), except the one who holds it now.
 */
export function delegatesFor(
  directory: Directory,
  stage: ReviewStage,
  centerId: string,
  holder: Person,
): Person[] {
  const center = findCenter(directory, centerId);
  const people: readonly (Person | undefined)[] =
    stage === 'center_review'
      ? [center?.head, center?.escalation, ...(center?.delegates ?? [])]
      : stage === 'hq_review'
        ? [directory.hqReviewer, directory.escalation?.hq_review, ...(directory.delegates?.hq_review ?? [])]
        : [
            directory.ministerOffice,
            directory.escalation?.minister_approval,
            ...(directory.delegates?.minister_approval ?? []),
          ];
  const seen = new Set([holder.email.toLowerCase()]);
  return people.filter((person): person is Person => {
    if (!person || seen.has(person.email.toLowerCase())) return false;
    seen.add(person.email.toLowerCase());
    return true;
  });
}
