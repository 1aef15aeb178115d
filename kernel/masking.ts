/**
 * Personal data as analysts see it (A7, O9): enough to tell records apart and count by region,
 * not enough to reach or identify the person. Account e-mail and phone (account subgraph) and
 * an order's names and addresses (order subgraph) are masked with these same rules.
 */

/**
 * A5: "j•••n@ex•••.com". Enough for the owner to recognise the address, not enough to
 * write to it: first and last character of the name, first two of the domain, and the TLD.
 */
export function maskEmail(email: string): string {
  const [name, domain = ''] = email.split('@');
  const dot = domain.lastIndexOf('.');
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : '';
  const maskedName = name.length <= 2 ? `${name[0] ?? ''}•••` : `${name[0]}•••${name[name.length - 1]}`;
  return `${maskedName}@${host.slice(0, 2)}•••${tld}`;
}

/** A phone number with all but its last two digits hidden: "+•••••••••23". */
export function maskPhone(phone: string): string {
  return `${phone.startsWith('+') ? '+' : ''}${'•'.repeat(Math.max(0, phone.replace(/^\+/, '').length - 2))}${phone.slice(-2)}`;
}

/** A person's or company's name: the first letter of each word ("Dana Demo" → "D••• D•••"). */
export function maskName(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => `${[...word][0]}•••`)
    .join(' ');
}

/** What an address keeps: country and region (for tax and sales figures), the first two characters of the postal code. */
export interface MaskableAddress {
  name: string;
  line1: string;
  line2: string | null;
  city: string;
  region: string | null;
  postalCode: string;
  country: string;
}

export function maskAddress<T extends MaskableAddress>(address: T): T {
  return {
    ...address,
    name: maskName(address.name),
    line1: '•••',
    line2: address.line2 ? '•••' : null,
    city: '•••',
    postalCode: address.postalCode ? `${[...address.postalCode].slice(0, 2).join('')}•••` : address.postalCode,
  };
}
