import { domainToASCII, domainToUnicode } from 'node:url';
import unhomoglyph from 'unhomoglyph';
import confusables from 'unhomoglyph/data.json';

/**
 * What an e-mail address is, once, for every way one enters the graph (registration, sign-in,
 * password reset, Google and Apple, support changes, merges; quick order lookups later): A1
 * says an account has one address, compared case-insensitively, surrounding spaces trimmed.
 * Databases must not decide what "the same address" means — MySQL's utf8mb4_unicode_ci and
 * SQLite's BINARY disagree on width, accents, NUL and the German ß — so the graph does:
 *
 * - surrounding white space is trimmed; control, format (zero-width, bidi), private-use and
 *   unassigned characters, and white space inside, are refused;
 * - Unicode NFKC, then full case folding of the local part: `ＤＡＮＡ@…` is `dana@…`,
 *   `STRASSE@…` and `straße@…` are one address;
 * - the domain goes through IDNA (UTS #46), so `exämple.com` and `xn--exmple-cua.com` are one
 *   domain, kept in its Unicode form;
 * - a local part, or a domain label, that mixes scripts is refused when one of its characters
 *   looks like a character of another script in it (same Unicode TR39 skeleton): `dаna` with a
 *   Cyrillic а among Latin letters; an all-Cyrillic or an all-Greek address is fine;
 * - quoted local parts and address literals (`"a b"@x`, `a@[10.0.0.1]`) are refused.
 *
 * The result is stored as the account's address (binary collation, unique), so the same text
 * means the same account on SQLite and on MySQL.
 */
export type EmailProblem = 'MALFORMED' | 'CONTROL_CHARACTER' | 'MIXED_SCRIPT';

export type CanonicalEmail = { ok: true; email: string } | { ok: false; problem: EmailProblem };

const MAX_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;

/** Control, format, surrogate, private-use and unassigned characters, and separators. */
const FORBIDDEN = /[\p{C}\p{Z}]/u;
/** RFC 5322 atext, plus any letter, mark or number beyond ASCII (RFC 6532). */
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~\p{L}\p{M}\p{N}-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~\p{L}\p{M}\p{N}-]+)*$/u;
const LABEL = /^[\p{L}\p{M}\p{N}](?:[\p{L}\p{M}\p{N}-]{0,61}[\p{L}\p{M}\p{N}])?$/u;

export function canonicalEmail(raw: string): CanonicalEmail {
  const trimmed = raw.trim();
  if (FORBIDDEN.test(trimmed)) return { ok: false, problem: 'CONTROL_CHARACTER' };
  const text = trimmed.normalize('NFKC');
  const at = text.lastIndexOf('@');
  if (at <= 0 || at !== text.indexOf('@')) return { ok: false, problem: 'MALFORMED' };
  const local = caseFold(text.slice(0, at));
  const ascii = domainToASCII(text.slice(at + 1));
  if (!ascii) return { ok: false, problem: 'MALFORMED' };
  const domain = domainToUnicode(ascii);
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels[labels.length - 1])) return { ok: false, problem: 'MALFORMED' };
  if (!LOCAL_PART.test(local) || Buffer.byteLength(local) > MAX_LOCAL_LENGTH) return { ok: false, problem: 'MALFORMED' };
  const email = `${local}@${domain}`;
  if (email.length > MAX_LENGTH || ascii.length + 1 + Buffer.byteLength(local) > MAX_LENGTH) return { ok: false, problem: 'MALFORMED' };
  if ([local, ...labels].some(mixesScriptsConfusably)) return { ok: false, problem: 'MIXED_SCRIPT' };
  return { ok: true, email };
}

/** The canonical address, or null when it is not one (callers that must not say why). */
export function normalizeEmail(raw: string): string | null {
  const result = canonicalEmail(raw);
  return result.ok ? result.email : null;
}

/**
 * Full Unicode case folding. JavaScript has none built in; lower, upper, lower again folds
 * exactly like CaseFolding.txt (ß → ss, ẞ → ss, ς → σ, ﬁ is NFKC's already) except that the
 * dotless ı folds with i, two letters that are easily mistaken anyway. Checked against Perl's
 * `fc` over every code point; NFKC again after, as folding can undo it.
 */
export function caseFold(text: string): string {
  return text.toLowerCase().toUpperCase().toLowerCase().normalize('NFKC');
}

// ---------------------------------------------------------------------------------------------
// Scripts and TR39 skeletons. The confusable data is Unicode's confusables.txt as shipped by
// `unhomoglyph`; the skeleton is TR39's: NFD, each character replaced by its prototype, NFD.
// Scripts come from the runtime's own Unicode data (`\p{Script_Extensions=…}` in V8).

/** ISO 15924 codes of every script in Unicode 17 (those the runtime does not know are skipped). */
const SCRIPT_CODES = (
  'Adlm Aghb Ahom Arab Armi Armn Avst Bali Bamu Bass Batk Beng Berf Bhks Bopo Brah Brai Bugi Buhd Cakm Cans Cari ' +
  'Cham Cher Chrs Copt Cpmn Cprt Cyrl Deva Diak Dogr Dsrt Dupl Egyp Elba Elym Ethi Gara Geor Glag Gong Gonm Goth ' +
  'Gran Grek Gujr Gukh Guru Hang Hani Hano Hatr Hebr Hira Hluw Hmng Hmnp Hung Ital Java Kali Kana Kawi Khar Khmr ' +
  'Khoj Kits Knda Krai Kthi Lana Laoo Latn Lepc Limb Lina Linb Lisu Lyci Lydi Mahj Maka Mand Mani Marc Medf Mend ' +
  'Merc Mero Mlym Modi Mong Mroo Mtei Mult Mymr Nagm Nand Narb Nbat Newa Nkoo Nshu Ogam Olck Onao Orkh Orya Osge ' +
  'Osma Ougr Palm Pauc Perm Phag Phli Phlp Phnx Plrd Prti Rjng Rohg Runr Samr Sarb Saur Sgnw Shaw Shrd Sidd Sidt ' +
  'Sind Sinh Sogd Sogo Sora Soyo Sund Sunu Sylo Syrc Tagb Takr Tale Talu Taml Tang Tavt Tayo Telu Tfng Tglg Thaa ' +
  'Thai Tibt Tirh Tnsa Todr Tols Toto Tutg Ugar Vaii Vith Wara Wcho Xpeo Xsux Yezi Yiii Zanb'
).split(' ');

const SCRIPT_TESTS: Array<[string, RegExp]> = SCRIPT_CODES.flatMap((code) => {
  try {
    return [[code, new RegExp(`^\\p{scx=${code}}$`, 'u')] as [string, RegExp]];
  } catch {
    return [];
  }
});

/** Han is written with kana in Japanese, with Hangul in Korean, with Bopomofo in Taiwan (TR39's augmented sets). */
const AUGMENT: Record<string, string[]> = { Hani: ['Jpan', 'Kore', 'Hanb'], Hira: ['Jpan'], Kana: ['Jpan'], Hang: ['Kore'], Bopo: ['Hanb'] };

const scriptCache = new Map<string, ReadonlySet<string> | null>();

/** The scripts a character is written in (augmented), or null for Common and Inherited ones (digits, dots, marks). */
function scriptsOf(char: string): ReadonlySet<string> | null {
  let scripts = scriptCache.get(char);
  if (scripts !== undefined) return scripts;
  if (/^[\p{scx=Zyyy}\p{scx=Zinh}]$/u.test(char) && !SCRIPT_TESTS.some(([, re]) => re.test(char))) scripts = null;
  else {
    const own = SCRIPT_TESTS.filter(([, re]) => re.test(char)).map(([code]) => code);
    scripts = new Set(own.length ? own.flatMap((code) => [code, ...(AUGMENT[code] ?? [])]) : ['Zzzz']);
  }
  scriptCache.set(char, scripts);
  return scripts;
}

/** TR39 skeleton: two strings that look alike have the same skeleton. */
export function skeleton(text: string): string {
  return unhomoglyph(text.normalize('NFD')).normalize('NFD');
}

/** Characters by skeleton: which characters a prototype stands for (built once, on first use). */
let lookalikes: Map<string, string[]> | null = null;
function charactersLike(char: string): string[] {
  if (!lookalikes) {
    lookalikes = new Map();
    for (const [source, prototype] of Object.entries(confusables as Record<string, string>)) {
      const key = skeleton(prototype);
      lookalikes.set(key, [...(lookalikes.get(key) ?? [key]), source]);
    }
  }
  return lookalikes.get(skeleton(char)) ?? [];
}

const intersects = (a: ReadonlySet<string>, b: ReadonlySet<string>) => [...a].some((s) => b.has(s));

/**
 * True when the text is written in more than one script and one of its characters looks like a
 * character of another script it also uses (TR39 mixed-script confusable): `dаna` (Cyrillic а).
 */
export function mixesScriptsConfusably(text: string): boolean {
  const chars = [...new Set(text.normalize('NFC'))].map((char) => ({ char, scripts: scriptsOf(char) })).filter((c) => c.scripts !== null) as Array<{
    char: string;
    scripts: ReadonlySet<string>;
  }>;
  if (chars.length < 2) return false;
  const common = chars.slice(1).reduce((acc, c) => new Set([...acc].filter((s) => c.scripts.has(s))), new Set(chars[0].scripts));
  if (common.size > 0) return false; // one script
  return chars.some((c) => {
    const others = chars.filter((d) => !intersects(d.scripts, c.scripts));
    return charactersLike(c.char).some((like) => {
      if (like === c.char) return false;
      const likeScripts = [...like].map(scriptsOf).filter((s): s is ReadonlySet<string> => s !== null);
      return likeScripts.length > 0 && others.some((d) => likeScripts.every((s) => intersects(s, d.scripts)));
    });
  });
}
