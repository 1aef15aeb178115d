import { GraphQLError } from 'graphql';

/**
 * Bounds of what clients may send: every text argument and input field has a length bound, and
 * every list argument a number of items, checked where the input enters a subgraph (see
 * `input-validation.ts`) and by the internal routes that subgraphs ask each other.
 *
 * The record of a field's bound is one sentence of its schema description, written by
 * `bounded()` ("… At most 40 characters."), and read back by `boundInDescription()`. The
 * description is the one thing that survives from type-graphql through the printed SDL, the
 * subgraph schema and composition into the supergraph that clients read in Sandbox, so what a
 * client reads is exactly what the subgraph enforces, and a test can walk the supergraph for
 * fields that state none.
 *
 * "Characters" are Unicode code points, as MySQL counts them in a utf8mb4 VARCHAR and as the
 * password policy (A1) counts them: 40 emoji fit a 40-character bound.
 */
export interface TextBound {
  maxLength: number;
  /** Free text of several lines (a reason): line breaks and tabs allowed. Otherwise one line. */
  multiline?: boolean;
}

export interface ListBound {
  maxItems: number;
  /** The bound of each item, for a list of texts. */
  each?: TextBound;
}

export type InputBound = TextBound | ListBound;

export const isListBound = (bound: InputBound): bound is ListBound => 'maxItems' in bound;

/**
 * The highest maximum the password policy (A1, `PASSWORD_MAX_LENGTH`) may be configured to. The
 * schema is static, so the bound checked where a password enters is this ceiling; the
 * configured policy then answers a typed PASSWORD_TOO_LONG below it. 128 is generous for a
 * passphrase (NIST asks for at least 64) and keeps a password's hashing cheap.
 */
export const PASSWORD_MAX_LENGTH_CEILING = 128;

/** The bounds of the graph, by what a text is. Choose one of these for a new field. */
export const BOUNDS = {
  /** Stable identifiers (UUIDs today, 36 characters). */
  id: { maxLength: 64 },
  /** An opaque page cursor (an endCursor of an earlier page). */
  cursor: { maxLength: 200 },
  /** RFC 5321 limits a forward path to 256 octets, brackets included: 254 for the address. */
  email: { maxLength: 254 },
  /** A1: the policy's configurable maximum stays at or below this. */
  password: { maxLength: PASSWORD_MAX_LENGTH_CEILING },
  /** E.164 has at most 15 digits; people also type spaces, dashes, dots and brackets. */
  phone: { maxLength: 32 },
  /** An e-mail address or a phone number (support changes, A7). */
  contact: { maxLength: 254 },
  /** Serial numbers and activation codes (S1, A2, A5): 19 characters today, room for other formats. */
  productCode: { maxLength: 40 },
  /** A code sent by text message (6 digits), with room for spaces a customer types. */
  oneTimeCode: { maxLength: 12 },
  /** Random secrets we issue (refresh tokens, reset links): 43 characters today. */
  secretToken: { maxLength: 128 },
  /** OpenID Connect ID tokens of Google and Apple (JWTs of one to two kilobytes). */
  idToken: { maxLength: 8192 },
  /** A cart id (O1): 22 characters today (128 random bits). */
  cartId: { maxLength: 64 },
  /** An order number as customers type it (O8): "CG-12345678". */
  orderNumber: { maxLength: 20 },
  /**
   * A card number: at most 19 digits by ISO/IEC 7812 (O3); room for the spaces and dashes people
   * type, so that those get the typed answer that says to use digits only.
   */
  cardNumber: { maxLength: 32 },
  /** The last 5 digits of a card (O8, Quick Order Lookup), with room for a typo that gets its typed answer. */
  cardLast5: { maxLength: 16 },
  /** A card security code: 3 or 4 digits (O3), with room for a typo that gets its typed answer. */
  cardSecurityCode: { maxLength: 8 },
  /** The identifier an app gives its device (S2): a vendor id or a UUID today (16 to 36 characters). */
  deviceId: { maxLength: 128 },
  /** A device's operating system as the app names it (S2): "Windows", "macOS", "Android", "iOS". */
  platform: { maxLength: 40 },
  /** A person's or company's name (cardholder, addressee). */
  name: { maxLength: 100 },
  /** Why a support agent made a change (A7), in their words. */
  reason: { maxLength: 500, multiline: true },
} as const satisfies Record<string, TextBound>;

const TEXT_SENTENCE = /(?:^|\s)At most (\d+) characters(; line breaks allowed)?\./;
const LIST_SENTENCE = /(?:^|\s)At most (\d+) items(?: of at most (\d+) characters each(; line breaks allowed)?)?\./;

function textSentence(bound: TextBound): string {
  return `At most ${bound.maxLength} characters${bound.multiline ? '; line breaks allowed' : ''}.`;
}

/** The sentence of a bound, as it ends a description. */
export function boundSentence(bound: InputBound): string {
  if (!isListBound(bound)) return textSentence(bound);
  const each = bound.each ? ` of at most ${bound.each.maxLength} characters each${bound.each.multiline ? '; line breaks allowed' : ''}` : '';
  return `At most ${bound.maxItems} items${each}.`;
}

/** A description that states the bound: `bounded('The serial number.', BOUNDS.productCode)`. */
export function bounded(description: string, bound: InputBound): string {
  return `${description.trimEnd()} ${boundSentence(bound)}`;
}

/** The bounds a description states (null when it states none): the one record of a field's bound. */
export function boundInDescription(description: string | null | undefined): { text?: TextBound; list?: ListBound } {
  const found: { text?: TextBound; list?: ListBound } = {};
  if (!description) return found;
  const list = LIST_SENTENCE.exec(description);
  if (list) {
    found.list = { maxItems: Number(list[1]) };
    if (list[2]) found.list.each = { maxLength: Number(list[2]), ...(list[3] ? { multiline: true } : {}) };
  }
  const text = TEXT_SENTENCE.exec(description);
  if (text) found.text = { maxLength: Number(text[1]), ...(text[2] ? { multiline: true } : {}) };
  return found;
}

// C0 controls, DEL and C1 controls. Line feed, carriage return and tab are allowed in multi-line text.
// In a /u pattern a surrogate pair is one code point; only a lone surrogate is in category Cs.
const LONE_SURROGATE = /\p{Cs}/u;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

function codePoints(value: string, stopAfter: number): number {
  let count = 0;
  for (const _ of value) if (++count > stopAfter) break;
  return count;
}

/**
 * What is wrong with a text against its bound, as a sentence naming it, or null. Refuses text
 * that is not well-formed Unicode (a lone surrogate: no database column can hold it) and control
 * characters (NUL and friends) that make no sense in identifiers, codes, addresses or names.
 */
export function textProblem(name: string, value: string, bound: TextBound): string | null {
  // UTF-16 length is at least the number of code points and at most twice it.
  if (value.length > bound.maxLength && (value.length > 2 * bound.maxLength || codePoints(value, bound.maxLength) > bound.maxLength)) {
    return `${name} is too long: at most ${bound.maxLength} characters.`;
  }
  if (LONE_SURROGATE.test(value)) return `${name} is not valid Unicode text.`;
  if ((bound.multiline ? CONTROL_BUT_LINE_BREAKS : CONTROL).test(value)) {
    return bound.multiline
      ? `${name} contains a control character; only line breaks and tabs are allowed.`
      : `${name} contains a control character (such as NUL, a tab or a line break), which is not allowed here.`;
  }
  return null;
}

export function listProblem(name: string, length: number, bound: ListBound): string | null {
  return length > bound.maxItems ? `${name} has too many items: at most ${bound.maxItems}.` : null;
}

/** The BAD_USER_INPUT error of a value out of its bound; `field` names the argument or input field. */
export function outOfBounds(field: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field } });
}

/** How an internal route refuses a body (HTTP 400); `InternalClient` turns it back into BAD_USER_INPUT. */
export interface InputRefusal {
  error: { code: 'BAD_USER_INPUT'; field: string; message: string };
}

export const isInputRefusal = (body: unknown): body is InputRefusal =>
  typeof body === 'object' && body !== null && (body as InputRefusal).error?.code === 'BAD_USER_INPUT' && typeof (body as InputRefusal).error.field === 'string';

/**
 * Reads the text fields of an internal route's JSON body against their bounds: every field is
 * required and non-empty. Answers the values, or the 400 the route sends back.
 */
export function readTextFields<K extends string>(
  body: unknown,
  fields: Record<K, TextBound>,
): { values: Record<K, string> } | { status: 400; body: InputRefusal } {
  const values = {} as Record<K, string>;
  for (const [field, bound] of Object.entries(fields) as Array<[K, TextBound]>) {
    const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined;
    const problem =
      typeof value !== 'string' || value.length === 0 ? `${field} is required (a non-empty string).` : textProblem(field, value, bound);
    if (problem) return { status: 400, body: { error: { code: 'BAD_USER_INPUT', field, message: problem } } };
    values[field] = value as string;
  }
  return { values };
}
