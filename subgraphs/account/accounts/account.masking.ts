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
