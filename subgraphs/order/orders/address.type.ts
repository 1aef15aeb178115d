import { Field, ObjectType } from 'type-graphql';

import type { PostalAddress } from '../shipping/address';

/** A checked postal address (shipping/address.ts `checkAddress`) as stored on carts, orders and invoices. */
export type PostalAddressData = PostalAddress;

@ObjectType({ description: 'A postal address: billing or shipping, as the customer gave it.' })
export class Address implements PostalAddressData {
  @Field({ description: 'Name of the person or company.' })
  name: string;

  @Field({ description: 'Street and number.' })
  line1: string;

  @Field(() => String, { nullable: true, description: 'Apartment, suite, etc.' })
  line2: string | null;

  @Field({ description: 'City.' })
  city: string;

  @Field(() => String, { nullable: true, description: 'State, province or region (a two-letter state code in the US).' })
  region: string | null;

  @Field({ description: 'Postal code.' })
  postalCode: string;

  @Field({ description: 'ISO 3166-1 alpha-2 country code, e.g. US or DE.' })
  country: string;

  static of(data: PostalAddressData): Address {
    return Object.assign(new Address(), data);
  }
}
