import { registerEnumType } from 'type-graphql';

/** Term of a subscription product. A value type shared by the order and subscription subgraphs. */
export enum BillingPeriod {
  MONTHLY = 'MONTHLY',
  ANNUAL = 'ANNUAL',
}
registerEnumType(BillingPeriod, {
  name: 'BillingPeriod',
  description: 'Length of one paid term of a subscription.',
  valuesConfig: {
    MONTHLY: { description: 'One month.' },
    ANNUAL: { description: 'One year.' },
  },
});
