import type { Cycle } from './cycle';
import { findCategory } from './cycle';
import type { Nomination, NomineeType } from './nomination';

/**
 * What a commendation certificate (표창장) states: facts of the nomination and the cycle, no wording
 * (the view adds that). `awardedAt` is the minister's decision, so a certificate made again says the same.
 */
export interface Certificate {
  readonly nominationId: string;
  /** The cycle's year, e.g. `2026`. */
  readonly cycle: string;
  /** The cycle's title, e.g. `2026년 올해의 고용서비스상`. */
  readonly cycleTitle: string;
  readonly categoryName: string;
  readonly nomineeType: NomineeType;
  readonly name: string;
  readonly affiliation: string;
  readonly position?: string;
  /** ISO instant (UTC); shown as a KST date. */
  readonly awardedAt: string;
}

/** The certificate of an awarded nomination. */
export function certificateOf(nomination: Nomination, cycle: Cycle, awardedAt: string): Certificate {
  const position = nomination.nomineeType === 'individual' ? nomination.nominee.position : undefined;
  return {
    nominationId: nomination.id,
    cycle: nomination.cycle,
    cycleTitle: cycle.title,
    categoryName: findCategory(cycle, nomination.category)?.name ?? nomination.category,
    nomineeType: nomination.nomineeType,
    name: nomination.nominee.name,
    affiliation: nomination.nominee.affiliation,
    ...(position ? { position } : {}),
    awardedAt,
  };
}

/** Characters that must never reach a document or a file name: controls, format and private-use marks, lone surrogates. */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Co}\p{Cs}\p{Zl}\p{Zp}]/gu;

/**
 * Text as it may be printed: NFC, unprintable characters removed (line breaks become spaces),
 * whitespace collapsed, at most `max` characters (code points).
 */
export function printable(text: string, max: number): string {
  const cleaned = text
    .normalize('NFC')
    .replace(/[\r\n\t\u2028\u2029]/g, ' ')
    .replace(UNPRINTABLE, '')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(cleaned);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : cleaned;
}
