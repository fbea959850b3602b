import type { Prng } from './prng.js';

/**
 * RFCs shaped like SAT's: legal persons 3 letters, physical persons 4, then the YYMMDD of
 * incorporation or birth and a three-character homoclave whose last character is the real
 * mod-11 check digit, so RFC validators accept them.
 */
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const HOMOCLAVE = '123456789ABCDEFGHIJKLMNPQRSTUVWXYZ';
const CHECK_ALPHABET = '0123456789ABCDEFGHIJKLMN&OPQRSTUVWXYZ Ñ';

export const RFC_PATTERN = /^[A-ZÑ&]{3,4}\d{6}[A-Z\d]{3}$/;

export function generateRfc(prng: Prng, personType: 'legal' | 'physical', date: Date): string {
  const letters = personType === 'legal' ? 3 : 4;
  let stem = '';
  for (let i = 0; i < letters; i += 1) stem += prng.pick([...LETTERS]);
  const yymmdd = date.toISOString().slice(2, 10).replaceAll('-', '');
  const homoclave = prng.pick([...HOMOCLAVE]) + prng.pick([...HOMOCLAVE]);
  const body = `${stem}${yymmdd}${homoclave}`;
  return body + rfcCheckDigit(body);
}

/** SAT's check digit over the first 11 (legal) or 12 (physical) characters. */
export function rfcCheckDigit(body: string): string {
  const padded = body.length === 11 ? ` ${body}` : body;
  let sum = 0;
  for (let i = 0; i < padded.length; i += 1) {
    const value = CHECK_ALPHABET.indexOf(padded[i] ?? ' ');
    sum += Math.max(value, 0) * (13 - i);
  }
  const remainder = sum % 11;
  if (remainder === 0) return '0';
  const digit = 11 - remainder;
  return digit === 10 ? 'A' : String(digit);
}

export function personTypeOf(rfc: string): 'legal' | 'physical' {
  return rfc.length === 12 ? 'legal' : 'physical';
}
