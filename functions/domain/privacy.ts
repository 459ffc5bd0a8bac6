/**
 * Personal data that must not be stored or logged: resident registration numbers (주민등록번호)
 * and full e-mail addresses in logs.
 */

/**
 * YYMMDD, a separator people type (hyphen and other dashes, spaces, tabs; any mix or none), then
 * the gender/century digit 1-8 and six digits. The look-arounds keep longer digit runs (account,
 * order or card numbers) from matching on a 13-digit slice of them.
 */
const RESIDENT_REGISTRATION_NUMBER =
  /(?<!\d)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[\p{Zs}\t\u002D\u2010-\u2015\u2212]*[1-8]\d{6}(?!\d)/u;

/** Whether `text` holds something shaped like a resident registration number. */
export function containsResidentRegistrationNumber(text: string): boolean {
  // NFKC on a copy: full-width digits, hyphens and spaces (０-９, －, U+3000) read the same to
  // people, so they must match the same.
  return RESIDENT_REGISTRATION_NUMBER.test(text.normalize('NFKC'));
}

/** `minji.kim@example.test` -> `mi***@example.test`: enough to tell addresses apart in a log. */
export function maskEmail(address: string): string {
  const at = address.lastIndexOf('@');
  const local = at === -1 ? address : address.slice(0, at);
  const domain = at === -1 ? '' : address.slice(at);
  // Code points, not UTF-16 units, so a masked address never ends in half a character.
  return `${Array.from(local).slice(0, 2).join('')}***${domain}`;
}

/**
 * An address anywhere in free text. Generous on purpose (Unicode letters, no dot needed in the
 * domain): masking a little too much in a log is harmless, leaking an address is not. Quotes,
 * backslashes, brackets and colons are left out so an address in a sentence or in serialised JSON
 * is found without its surroundings.
 */
const EMAIL_IN_TEXT = /[\p{L}\p{N}!#$%&*+/=?^_{|}~.-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*/gu;

/** `text` with every e-mail address in it masked by maskEmail. */
export function maskEmailsIn(text: string): string {
  return text.replace(EMAIL_IN_TEXT, maskEmail);
}
