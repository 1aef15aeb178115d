import type { EntityManager } from 'typeorm';
import { BillingPeriod } from '../../../kernel/billing-period';
import { DEMO } from '../../../kernel/demo';
import { ProductPrice } from './product-price.entity';
import { Product, ProductDelivery } from './product.entity';

type DemoProduct = Omit<Product, 'issuesLicense' | 'position' | 'onSale'> & { usd: number; eur: number };

const P = DEMO.products;
const { DOWNLOAD, PHYSICAL, DOWNLOAD_AND_PHYSICAL } = ProductDelivery;
const { MONTHLY, ANNUAL } = BillingPeriod;

/**
 * The demo catalog (O1): security suites for 1, 3 and 5 devices, monthly and annual, with the
 * Auto-Renewal Plan; a boxed edition; a download-plus-CD suite; a one-off (perpetual) tool; and
 * the Backup CD add-on. USD prices are before sales tax, EUR prices include VAT (O6).
 */
export const DEMO_CATALOG: DemoProduct[] = [
  { id: P.antivirusMonthly, sku: 'AV-1M-1D', name: 'Antivirus+ (monthly, 1 device)', delivery: DOWNLOAD, term: MONTHLY, autoRenewAvailable: true, isAddOn: false, devices: 1, usd: 499, eur: 599 },
  { id: P.antivirusAnnual, sku: 'AV-1Y-1D', name: 'Antivirus+ (1 year, 1 device)', delivery: DOWNLOAD, term: ANNUAL, autoRenewAvailable: true, isAddOn: false, devices: 1, usd: 3995, eur: 4495 },
  { id: P.internetSecurityMonthly, sku: 'IS-1M-3D', name: 'Internet Security (monthly, 3 devices)', delivery: DOWNLOAD, term: MONTHLY, autoRenewAvailable: true, isAddOn: false, devices: 3, usd: 699, eur: 799 },
  { id: P.internetSecurityAnnual, sku: 'IS-1Y-3D', name: 'Internet Security (1 year, 3 devices)', delivery: DOWNLOAD, term: ANNUAL, autoRenewAvailable: true, isAddOn: false, devices: 3, usd: 5995, eur: 6995 },
  { id: P.maximumSecurity, sku: 'MS-1Y-3D', name: 'Maximum Security (1 year, 3 devices)', delivery: DOWNLOAD, term: ANNUAL, autoRenewAvailable: true, isAddOn: false, devices: 3, usd: 4995, eur: 5995 },
  { id: P.maximumSecurityMonthly, sku: 'MS-1M-5D', name: 'Maximum Security (monthly, 5 devices)', delivery: DOWNLOAD, term: MONTHLY, autoRenewAvailable: true, isAddOn: false, devices: 5, usd: 999, eur: 1199 },
  { id: P.maximumSecurityFiveDevices, sku: 'MS-1Y-5D', name: 'Maximum Security (1 year, 5 devices)', delivery: DOWNLOAD, term: ANNUAL, autoRenewAvailable: true, isAddOn: false, devices: 5, usd: 6995, eur: 8495 },
  { id: P.internetSecurityBoxed, sku: 'IS-1Y-CD', name: 'Internet Security boxed CD (1 year, 1 device)', delivery: PHYSICAL, term: ANNUAL, autoRenewAvailable: false, isAddOn: false, devices: 1, usd: 5995, eur: 6995 },
  { id: P.premiumSuite, sku: 'PS-1Y-5D', name: 'Premium Security Suite (1 year, 5 devices, download and CD)', delivery: DOWNLOAD_AND_PHYSICAL, term: ANNUAL, autoRenewAvailable: true, isAddOn: false, devices: 5, usd: 7995, eur: 9495 },
  { id: P.pcTuneUp, sku: 'PCT-PERP-1D', name: 'PC Tune-Up (one-time purchase, 1 device)', delivery: DOWNLOAD, term: null, autoRenewAvailable: false, isAddOn: false, devices: 1, usd: 2995, eur: 3495 },
  { id: P.backupCd, sku: 'BACKUP-CD', name: 'Backup CD (for a download product)', delivery: PHYSICAL, term: null, autoRenewAvailable: false, isAddOn: true, devices: null, usd: 1299, eur: 1499 },
];

export function demoProduct(id: string): DemoProduct {
  const product = DEMO_CATALOG.find((p) => p.id === id);
  if (!product) throw new Error(`no demo product ${id}`);
  return product;
}

/** Writes the demo catalog and its price lists. */
export async function seedCatalog(manager: EntityManager): Promise<void> {
  await manager.insert(
    Product,
    DEMO_CATALOG.map(({ usd: _usd, eur: _eur, ...product }, position) => Object.assign(new Product(), { ...product, position, onSale: true })),
  );
  await manager.insert(
    ProductPrice,
    DEMO_CATALOG.flatMap((p) => [
      { productId: p.id, currency: 'USD', amount: p.usd },
      { productId: p.id, currency: 'EUR', amount: p.eur },
    ]),
  );
}
