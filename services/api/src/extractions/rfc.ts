/**
 * SAT's RFC: 3 letters (legal person, 12 characters) or 4 (natural person, 13), the
 * incorporation or birth date as YYMMDD, and a 3-character homoclave.
 */
export const RFC_PATTERN = /^[A-ZÑ&]{3,4}\d{6}[A-Z\d]{3}$/;

/** SAT's generic RFCs (general public, foreigners) stand for no company whose invoices exist. */
const GENERIC_RFCS = new Set(['XAXX010101000', 'XEXX010101000']);

function isDaysInMonth(yy: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  // YY 00 is 1900 (not leap) or 2000 (leap); either may be meant, so 29 February is accepted.
  const leap = yy % 4 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= days;
}

/** Why an upper-cased RFC is not acceptable, or null when it is. */
export function rfcProblem(rfc: string): string | null {
  if (!RFC_PATTERN.test(rfc)) {
    return (
      'must be 12 (legal person) or 13 (natural person) characters: 3 or 4 letters, ' +
      `a date as YYMMDD and a 3-character homoclave, like EKU9003173C9; got "${rfc}"`
    );
  }
  const digits = rfc.slice(rfc.length - 9, rfc.length - 3);
  const [yy, mm, dd] = [0, 2, 4].map((at) => Number(digits.slice(at, at + 2))) as [
    number,
    number,
    number,
  ];
  if (!isDaysInMonth(yy, mm, dd)) {
    return `has ${digits} where its date (YYMMDD) goes, which is not a calendar date`;
  }
  if (GENERIC_RFCS.has(rfc)) {
    return `${rfc} is SAT's generic RFC, not a company's`;
  }
  return null;
}
