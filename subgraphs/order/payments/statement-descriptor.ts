/**
 * The statement descriptor (O5): the text a card statement shows for a charge, such as the help
 * page's "DRI*Trend Micro" — a reseller prefix, `*`, and the store's name. Card networks allow
 * 5 to 22 characters of printable Latin text; processors refuse quotes, backslashes and angle
 * brackets, and reserve `*` for the prefix separator.
 */
export const DEFAULT_CHARGE_DESCRIPTOR = 'DRI*Commerce Graph';

/** Null when the descriptor is acceptable, else what is wrong with it. */
export function checkStatementDescriptor(descriptor: string): string | null {
  if (typeof descriptor !== 'string' || descriptor.length < 5 || descriptor.length > 22) return 'use 5 to 22 characters';
  if (!/^[\x20-\x7e]+$/.test(descriptor)) return 'use printable Latin (ASCII) characters only';
  if (/[<>\\'"]/.test(descriptor)) return 'leave out < > \\ \' and "';
  if ((descriptor.match(/\*/g) ?? []).length > 1) return 'use * at most once, between the prefix and the name';
  if (!/[A-Za-z]/.test(descriptor)) return 'include at least one letter';
  if (descriptor !== descriptor.trim()) return 'leave out leading and trailing spaces';
  return null;
}
