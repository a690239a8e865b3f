/**
 * Screens a free-text comment for obvious personal data before it is stored: email addresses,
 * social security / National Insurance numbers (Jersey "JY 12 34 56 A" and UK "QQ 12 34 56 C")
 * and phone numbers (7 to 15 digits, with spaces, dots, dashes, brackets or a leading +).
 * Pure; what it finds is replaced by a bracketed note so the comment still reads.
 */
export interface MaskResult {
  text: string;
  found: { email: number; ssn: number; phone: number };
}

export const MASKS = {
  email: "[email address removed]",
  ssn: "[social security number removed]",
  phone: "[phone number removed]",
} as const;

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// "JY" (any case) or two capital letters, then three pairs of digits and an optional suffix letter
// A–D, spaced or not ("JY 12 34 56 A", "jy123456a", "QQ 12 34 56 C"). Lower-case pairs other than
// "jy" are left alone so that "or 445566" is not taken for one.
const SSN = /\b(?:[Jj][Yy]|[A-Z]{2})[ -]?\d{2}[ -]?\d{2}[ -]?\d{2}(?:[ -]?[A-Da-d])?\b/g;
// A run that starts with + or a digit (or an opening bracket) and ends with a digit, made of digits and separators.
const PHONE = /(?:\+|\(|\b)\d[\d\s().-]{4,}\d\b/g;

export function maskPersonalData(input: string): MaskResult {
  const found = { email: 0, ssn: 0, phone: 0 };
  let text = input.replace(EMAIL, () => {
    found.email += 1;
    return MASKS.email;
  });
  text = text.replace(SSN, () => {
    found.ssn += 1;
    return MASKS.ssn;
  });
  text = text.replace(PHONE, (match) => {
    const digits = match.replace(/\D/g, "").length;
    // Fewer than 7 digits is a year, an amount or a count ("2021", "3 to 5 days"), not a phone number.
    if (digits < 7 || digits > 15) return match;
    found.phone += 1;
    return MASKS.phone;
  });
  return { text, found };
}
