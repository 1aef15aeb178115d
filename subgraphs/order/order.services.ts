import type { CartService } from './cart/cart.service';
import type { CatalogService } from './catalog/catalog.service';
import type { CheckoutService } from './checkout/checkout.service';
import type { FulfilmentService } from './fulfilment/fulfilment.service';
import type { DownloadService } from './downloads/download.service';
import type { InvoicePdfService } from './invoices/invoice-pdf.service';
import type { OrderLookupService } from './orders/order-lookup.service';
import type { OrderPasswordService } from './orders/order-password.service';
import type { OrderService } from './orders/order.service';
import type { OrderTokens } from './orders/order-tokens';
import type { Seller } from './orders/seller';
import type { WireTransferService } from './orders/wire-transfer.service';
import type { ChargesService } from './payments/charges.service';
import type { PaymentService } from './payments/payment.service';
import type { RefundService } from './returns/refund.service';
import type { TaxExemptionService } from './tax-exemptions/tax-exemption.service';
import type { RenewalService } from './renewals/renewal.service';

/** The services of the order subgraph, built once per process (see order.subgraph.ts). */
export interface OrderServices {
  catalog: CatalogService;
  carts: CartService;
  checkout: CheckoutService;
  orders: OrderService;
  refunds: RefundService;
  /** O6: tax-exemption certificates, refunded through `refunds`. */
  taxExemptions: TaxExemptionService;
  payments: PaymentService;
  charges: ChargesService;
  fulfilment: FulfilmentService;
  wireTransfers: WireTransferService;
  tokens: OrderTokens;
  seller: Seller;
  /** O8: Quick Order Lookup, and forgotten order passwords. */
  orderLookup: OrderLookupService;
  orderPasswords: OrderPasswordService;
  /** O10: download files, their signed links, and the storage they are read from. */
  downloads: DownloadService;
  /** O13: invoice PDFs behind their signed links. */
  invoicePdfs: InvoicePdfService;
  /** S3, S5, S7: renewal orders, their charges and e-mails. */
  renewals: RenewalService;
}
