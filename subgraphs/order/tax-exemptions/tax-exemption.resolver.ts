import { Arg, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { bounded, BOUNDS } from '../../../kernel/input-bounds';
import type { OrderContext } from '../order.context';
import { Order } from '../orders/order.entity';
import { TaxExemptionCertificate } from './tax-exemption.entity';
import { TaxExemptionCertificateInput, TaxExemptionResult, type TaxExemptionError } from './tax-exemption.types';

const CERTIFICATE_ID = bounded('The certificate (TaxExemptionCertificate.id).', BOUNDS.id);

/** O6: tax-exemption certificates and their review. Thin: TaxExemptionService owns the rules. */
@Resolver(() => TaxExemptionCertificate)
export class TaxExemptionResolver {
  @Mutation(() => TaxExemptionResult, {
    description:
      "A tax-exempt customer sends a tax-exemption certificate for an order (O6): certificate number, issuing country and state, holder name and address. An address that does not match the order's billing or shipping address is refused at once; otherwise support approves or rejects it. Open to the account that placed the order, the holder of its order token, and support.",
  })
  submitTaxExemptionCertificate(@Arg('input', () => TaxExemptionCertificateInput, { description: 'The order and the certificate.' }) input: TaxExemptionCertificateInput, @Ctx() ctx: OrderContext): Promise<TaxExemptionCertificate | TaxExemptionError> {
    return ctx.services.taxExemptions.submit(ctx.identity, input);
  }

  @Mutation(() => TaxExemptionResult, { description: "Support approves a tax-exemption certificate (O6): the order's tax not yet refunded is refunded to the original payment method, as a refund of kind TAX_EXEMPTION. Support agents only." })
  approveTaxExemption(@Arg('certificateId', () => ID, { description: CERTIFICATE_ID }) certificateId: string, @Ctx() ctx: OrderContext): Promise<TaxExemptionCertificate | TaxExemptionError> {
    return ctx.services.taxExemptions.approve(ctx.identity, certificateId);
  }

  @Mutation(() => TaxExemptionResult, { description: 'Support rejects a tax-exemption certificate (O6), saying why; nothing is refunded. Support agents only.' })
  rejectTaxExemption(
    @Arg('certificateId', () => ID, { description: CERTIFICATE_ID }) certificateId: string,
    @Arg('reason', () => String, { description: bounded('Why, as the customer will read it.', BOUNDS.reason) }) reason: string,
    @Ctx() ctx: OrderContext,
  ): Promise<TaxExemptionCertificate | TaxExemptionError> {
    return ctx.services.taxExemptions.reject(ctx.identity, certificateId, reason);
  }
}

@Resolver(() => Order)
export class OrderTaxExemptionsResolver {
  @FieldResolver(() => [TaxExemptionCertificate], { description: 'Tax-exemption certificates sent for the order and where each stands (O6), oldest first.' })
  taxExemptionCertificates(@Root() order: Order, @Ctx() ctx: OrderContext): Promise<TaxExemptionCertificate[]> {
    return ctx.loaders.taxExemptionsByOrder.load(order.id);
  }
}
