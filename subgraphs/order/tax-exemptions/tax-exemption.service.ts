import { randomUUID } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import type { Clock } from '../../../kernel/clock';
import { ErrorCode } from '../../../kernel/error-codes';
import { requireCaller, requireStaffRole, type Identity } from '../../../kernel/identity';
import { lockForUpdate } from '../../../kernel/outbox/claim';
import { mayActOnOrder } from '../orders/order-privacy';
import { Order, OrderState } from '../orders/order.entity';
import type { RefundService } from '../returns/refund.service';
import { taxToRefund } from '../returns/refund-rules';
import { checkAddress } from '../shipping/address';
import { isCountryCode } from '../shipping/countries';
import type { SanctionsList } from '../shipping/sanctions';
import { TaxExemptionCertificate, TaxExemptionState } from './tax-exemption.entity';
import { matchesOrder } from './tax-exemption-rules';
import { CERTIFICATE_NUMBER_BOUND, taxExemptionError, type TaxExemptionCertificateInput, type TaxExemptionError } from './tax-exemption.types';

/** Printable characters without line breaks or controls; a certificate number is one short line. */
const CERTIFICATE_NUMBER = /^[\p{L}\p{N}][\p{L}\p{N} ./\-#]*$/u;

/**
 * O6: a tax-exempt customer asks for an order's tax back with a certificate whose address must
 * match the order's (refused at once otherwise); support approves or rejects it, and approval
 * refunds the tax through the refund path of returns (O12), in the same transaction.
 */
export class TaxExemptionService {
  private readonly clock: Clock;

  constructor(
    private readonly dataSource: DataSource,
    clock: Clock,
    private readonly refunds: RefundService,
    private readonly sanctions: SanctionsList,
  ) {
    this.clock = clock;
  }

  async submit(identity: Identity, input: TaxExemptionCertificateInput): Promise<TaxExemptionCertificate | TaxExemptionError> {
    requireCaller(identity);
    const number = (input.certificateNumber ?? '').normalize('NFC').trim();
    if (!number || number.length > CERTIFICATE_NUMBER_BOUND.maxLength || !CERTIFICATE_NUMBER.test(number)) {
      return taxExemptionError(ErrorCode.CERTIFICATE_NUMBER_INVALID, 'Enter the certificate number as it is printed on the certificate.', ['input', 'certificateNumber']);
    }
    const country = (input.issuingCountry ?? '').trim().toUpperCase();
    if (!isCountryCode(country)) return taxExemptionError(ErrorCode.INVALID_COUNTRY, 'Give the issuing country as a two-letter code such as US or DE.', ['input', 'issuingCountry']);
    const region = input.issuingRegion?.normalize('NFC').trim() || null;
    if (region && (region.length > 100 || /[\p{Cc}\p{Cs}]/u.test(region))) return taxExemptionError(ErrorCode.INVALID_REGION, 'The issuing state or region is not valid.', ['input', 'issuingRegion']);
    const holder = checkAddress(input.holder, { sanctions: this.sanctions });
    if (!holder.ok) return taxExemptionError(ErrorCode[holder.problem as keyof typeof ErrorCode] ?? ErrorCode.ADDRESS_INCOMPLETE, holder.message, ['input', 'holder', holder.field]);

    return this.dataSource.transaction(async (manager) => {
      const order = await lockForUpdate(this.dataSource, manager.getRepository(Order).createQueryBuilder('o').where('o.id = :id', { id: input.orderId })).getOne();
      if (!order || !mayActOnOrder(identity, order)) return taxExemptionError(ErrorCode.ORDER_NOT_FOUND, 'We could not find that order.', ['input', 'orderId']);
      if (order.state === OrderState.AWAITING_PAYMENT || order.state === OrderState.PAYMENT_LAPSED) {
        return taxExemptionError(ErrorCode.ORDER_NOT_PAID, 'This order was never paid, so there is no tax to refund.', ['input', 'orderId']);
      }
      if (taxToRefund(order.taxAmount, await this.refunds.taxRefunded(manager, order.id)) === 0) {
        return taxExemptionError(ErrorCode.NO_TAX_TO_REFUND, 'This order has no tax left to refund.', ['input', 'orderId']);
      }
      if (await manager.existsBy(TaxExemptionCertificate, { orderId: order.id, state: TaxExemptionState.SUBMITTED })) {
        return taxExemptionError(ErrorCode.CERTIFICATE_PENDING, 'A certificate for this order is already waiting for customer service.', ['input', 'orderId']);
      }
      if (!matchesOrder(holder.address, { billing: order.billingAddressData, shipping: order.shippingAddressData })) {
        return taxExemptionError(ErrorCode.CERTIFICATE_ADDRESS_MISMATCH, "The address on the certificate must match the order's billing or shipping address.", ['input', 'holder']);
      }
      const certificate = Object.assign(new TaxExemptionCertificate(), {
        id: randomUUID(),
        orderId: order.id,
        certificateNumber: number,
        issuingCountry: country,
        issuingRegion: region,
        holderAddressData: holder.address,
        state: TaxExemptionState.SUBMITTED,
        submittedAt: this.clock.now(),
        decidedAt: null,
        decidedBy: null,
        rejectionReason: null,
        refundId: null,
      });
      await manager.insert(TaxExemptionCertificate, certificate);
      return certificate;
    });
  }

  /** Support approves: the order's tax left to refund goes back through the refund path (O6, O12). */
  async approve(identity: Identity, certificateId: string): Promise<TaxExemptionCertificate | TaxExemptionError> {
    requireStaffRole(identity, 'support');
    const outcome = await this.decide(certificateId, async (certificate, manager) => {
      const order = await manager.findOneByOrFail(Order, { id: certificate.orderId });
      const amount = taxToRefund(order.taxAmount, await this.refunds.taxRefunded(manager, order.id));
      if (amount === 0) return taxExemptionError(ErrorCode.NO_TAX_TO_REFUND, 'This order has no tax left to refund: it was returned or refunded since.', ['certificateId']);
      const refund = await this.refunds.startTaxRefund(manager, order, amount);
      return { state: TaxExemptionState.APPROVED, decidedBy: identity.accountId, refundId: refund.id };
    });
    if (outcome instanceof TaxExemptionCertificate && outcome.refundId) await this.refunds.processNow(outcome.refundId);
    return outcome;
  }

  /** Support rejects, saying why; nothing is refunded. */
  reject(identity: Identity, certificateId: string, reason: string): Promise<TaxExemptionCertificate | TaxExemptionError> {
    requireStaffRole(identity, 'support');
    return this.decide(certificateId, async () => ({ state: TaxExemptionState.REJECTED, decidedBy: identity.accountId, rejectionReason: reason.trim() || null }));
  }

  /** One decision per certificate, with its row locked; a typed refusal writes nothing. */
  private decide(
    certificateId: string,
    change: (certificate: TaxExemptionCertificate, manager: import('typeorm').EntityManager) => Promise<Partial<TaxExemptionCertificate> | TaxExemptionError>,
  ): Promise<TaxExemptionCertificate | TaxExemptionError> {
    return this.dataSource.transaction(async (manager) => {
      const certificate = await lockForUpdate(this.dataSource, manager.getRepository(TaxExemptionCertificate).createQueryBuilder('c').where('c.id = :id', { id: certificateId })).getOne();
      if (!certificate) return taxExemptionError(ErrorCode.CERTIFICATE_NOT_FOUND, 'No tax-exemption certificate has this id.', ['certificateId']);
      if (certificate.state !== TaxExemptionState.SUBMITTED) return taxExemptionError(ErrorCode.CERTIFICATE_ALREADY_DECIDED, 'This certificate was already approved or rejected.', ['certificateId']);
      const decided = await change(certificate, manager);
      if (decided instanceof Object && 'code' in decided) return decided as TaxExemptionError;
      Object.assign(certificate, decided, { decidedAt: this.clock.now() });
      await manager.update(TaxExemptionCertificate, { id: certificate.id, state: TaxExemptionState.SUBMITTED }, { ...decided, decidedAt: certificate.decidedAt });
      return certificate;
    });
  }

  certificatesOf(orderIds: readonly string[]): Promise<TaxExemptionCertificate[]> {
    return this.dataSource.getRepository(TaxExemptionCertificate).find({ where: { orderId: In([...orderIds]) }, order: { submittedAt: 'ASC', id: 'ASC' } });
  }
}
