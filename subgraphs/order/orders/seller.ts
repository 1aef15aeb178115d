import type { Env } from '../../../kernel/config';

/**
 * The seller of record, as invoices print it (O13), and the bank account wire transfers go to
 * (O3). Configuration: the reseller that runs the store sets its own; the defaults are the
 * demo's, clearly fictitious.
 */
export interface Seller {
  name: string;
  address: string;
  vatNumber: string;
  bank: { name: string; accountHolder: string; iban: string; bic: string };
}

export function sellerFromEnv(env: Env): Seller {
  const name = env.SELLER_NAME || 'Example Software Store, Inc. (reseller of record)';
  return {
    name,
    address: env.SELLER_ADDRESS || '10 Example Plaza, Minneapolis, MN 55401, United States',
    vatNumber: env.SELLER_VAT_NUMBER || 'EU372000000',
    bank: {
      name: env.WIRE_BANK_NAME || 'Example Bank N.A.',
      accountHolder: name,
      iban: env.WIRE_IBAN || 'DE89370400440532013000',
      bic: env.WIRE_BIC || 'COBADEFFXXX',
    },
  };
}
