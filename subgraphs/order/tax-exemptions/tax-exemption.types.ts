import { createUnionType, Field, ID, InputType, ObjectType } from 'type-graphql';
import { ErrorCode } from '../../../kernel/error-codes';
import { ErrorResult } from '../../../kernel/error-result';
import { bounded, BOUNDS } from '../../../kernel/input-bounds';
import { AddressInput } from '../shipping/address';
import { TaxExemptionCertificate } from './tax-exemption.entity';

/** Certificate numbers of US states and EU VAT exemption forms fit in 40 characters. */
export const CERTIFICATE_NUMBER_BOUND = { maxLength: 40 } as const;

@InputType({ description: "A tax-exemption certificate for an order (O6): its address must match the order's billing or shipping address." })
export class TaxExemptionCertificateInput {
  @Field(() => ID, { description: bounded('The order (Order.id).', BOUNDS.id) })
  orderId: string;

  @Field({ description: bounded('The number printed on the certificate.', CERTIFICATE_NUMBER_BOUND) })
  certificateNumber: string;

  @Field({ description: 'The country that issued it, as an ISO 3166-1 alpha-2 code such as US or DE. At most 60 characters.' })
  issuingCountry: string;

  @Field(() => String, { nullable: true, description: 'The state or region that issued it (a US state code such as TX), if a state did. At most 100 characters.' })
  issuingRegion?: string | null;

  @Field(() => AddressInput, { description: "The holder's name and address as on the certificate." })
  holder: AddressInput;
}

@ObjectType({ implements: ErrorResult, description: 'Why a tax-exemption certificate was refused, or could not be decided (O6); nothing was changed.' })
export class TaxExemptionError extends ErrorResult {
  @Field(() => [String], { nullable: true, description: 'Path of the input at fault, e.g. ["input", "holder", "postalCode"]; null when no one part is.' })
  field: string[] | null;
}

export function taxExemptionError(code: ErrorCode, message: string, field: string[] | null = null): TaxExemptionError {
  return Object.assign(new TaxExemptionError(), { code, message, field });
}

export const TaxExemptionResult = createUnionType({
  name: 'TaxExemptionResult',
  description: 'The certificate as it now stands, or why not.',
  types: () => [TaxExemptionCertificate, TaxExemptionError] as const,
});
