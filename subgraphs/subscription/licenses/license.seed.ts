import type { DataSource } from 'typeorm';
import { BillingPeriod } from '../../../kernel/billing-period';
import type { ServiceDeps } from '../../../kernel/subgraph';
import { DEMO, daysFrom, demoDay } from '../../../kernel/demo';
import { Installation } from '../installations/installation.entity';
import { License, LicenseState, PurchaseChannel } from './license.entity';
import { LicenseTerm } from './license-term.entity';

/** The demo licenses, their paid terms and installations, written once into an empty database. */
export async function seedSubscriptionDemo(dataSource: DataSource, { clock }: ServiceDeps): Promise<boolean> {
  if ((await dataSource.getRepository(License).count()) > 0) return false;
  const day = demoDay(clock.now());
  const dana = DEMO.accounts.dana.id;
  const L = DEMO.licenses;
  const base = { storedState: LicenseState.ACTIVE as const, purchaseChannel: PurchaseChannel.STORE, partnerName: null, graceUntil: null, orderNumber: null, orderAccountId: null };
  // What order.confirmed would have carried (the catalog's names and the orders' numbers, as
  // the order subgraph seeds them), and the partners' feed for the "T" serials.
  const MS = 'Maximum Security (1 year, 3 devices)';
  const ISB = 'Internet Security boxed CD (1 year, 1 device)';
  const sold = (orderNumber: string, orderAccountId: string) => ({ orderNumber, orderAccountId });
  const licenses: License[] = [
    // Bought 400 days ago, renewed 35 days ago by the Auto-Renewal Plan: same serial, later expiry (S1, S3).
    { ...base, id: L.autoRenewing, accountId: dana, serialNumber: 'MS7Q-4K2W-9PXC-31RA', activationCode: 'AC-MS-7Q4K2W9P', productId: DEMO.products.maximumSecurity, productName: MS, orderId: DEMO.orders.download, ...sold('CG-100002', dana), devices: 3, startsAt: daysFrom(day, -35), expiresAt: daysFrom(day, 330), autoRenew: true, billingPeriod: BillingPeriod.ANNUAL },
    { ...base, id: L.boxed, accountId: dana, serialNumber: 'IS4D-88QW-ZX19-KLM2', activationCode: null, productId: DEMO.products.internetSecurityBoxed, productName: ISB, orderId: DEMO.orders.physical, ...sold('CG-100004', dana), devices: 1, startsAt: daysFrom(day, -12), expiresAt: daysFrom(day, 353), autoRenew: false, billingPeriod: BillingPeriod.ANNUAL },
    { ...base, id: L.expired, accountId: dana, serialNumber: 'AV1M-3J7H-55TR-QQ0P', activationCode: 'AC-AV-3J7H55TR', productId: DEMO.products.antivirusMonthly, productName: 'Antivirus+ (monthly, 1 device)', orderId: DEMO.orders.monthly, ...sold('CG-100001', dana), devices: 1, startsAt: daysFrom(day, -500), expiresAt: daysFrom(day, -470), autoRenew: false, billingPeriod: BillingPeriod.MONTHLY },
    // Bought at Best Buy: a "T" serial, no order in this store, billing questions go to the partner (A8).
    { ...base, id: L.partner, accountId: dana, serialNumber: 'TBB9-2M4N-7QW1-XY5Z', activationCode: null, productId: DEMO.products.maximumSecurity, productName: MS, orderId: null, devices: 3, startsAt: daysFrom(day, -165), expiresAt: daysFrom(day, 200), autoRenew: false, billingPeriod: BillingPeriod.ANNUAL, purchaseChannel: PurchaseChannel.RETAIL_PARTNER, partnerName: 'Best Buy' },
    { ...base, id: L.sam, accountId: DEMO.accounts.sam.id, serialNumber: 'MS2B-6T9Y-1QAZ-77WS', activationCode: 'AC-MS-2B6T9Y1Q', productId: DEMO.products.maximumSecurity, productName: MS, orderId: DEMO.orders.sam, ...sold('CG-100005', DEMO.accounts.sam.id), devices: 3, startsAt: daysFrom(day, -90), expiresAt: daysFrom(day, 275), autoRenew: true, billingPeriod: BillingPeriod.ANNUAL },
    // Sold but not registered yet: registerProduct (A2) binds them to an account.
    { ...base, id: L.unregistered, accountId: null, serialNumber: 'TRB4-9XKQ-4MZP-77TT', activationCode: 'AC-BB-4MZP77TT', productId: DEMO.products.internetSecurityBoxed, productName: ISB, orderId: null, devices: 1, startsAt: daysFrom(day, -3), expiresAt: daysFrom(day, 362), autoRenew: false, billingPeriod: BillingPeriod.ANNUAL, purchaseChannel: PurchaseChannel.RETAIL_PARTNER, partnerName: 'Best Buy' },
    { ...base, id: L.unregisteredDownload, accountId: null, serialNumber: 'MS9D-2LQW-7RTY-55AB', activationCode: 'AC-MS-9D2LQW7R', productId: DEMO.products.maximumSecurity, productName: MS, orderId: null, devices: 3, startsAt: daysFrom(day, -1), expiresAt: daysFrom(day, 364), autoRenew: false, billingPeriod: BillingPeriod.ANNUAL },
  ].map((l) => Object.assign(new License(), l));
  const term = (id: string, licenseId: string, orderId: string, from: number, to: number) =>
    Object.assign(new LicenseTerm(), { id, licenseId, orderId, startsAt: daysFrom(day, from), expiresAt: daysFrom(day, to) });
  const terms = [
    term('00000000-0000-4000-a000-00000000f001', L.autoRenewing, DEMO.orders.download, -400, -35),
    term('00000000-0000-4000-a000-00000000f002', L.autoRenewing, DEMO.orders.renewal, -35, 330),
    term('00000000-0000-4000-a000-00000000f003', L.boxed, DEMO.orders.physical, -12, 353),
    term('00000000-0000-4000-a000-00000000f004', L.expired, DEMO.orders.monthly, -500, -470),
    term('00000000-0000-4000-a000-00000000f005', L.sam, DEMO.orders.sam, -90, 275),
  ];
  // The demo devices' ids are the apps' own (made up here): registering one again changes nothing (S2).
  const install = (id: string, licenseId: string, deviceName: string, platform: string, at: number) =>
    Object.assign(new Installation(), { id, licenseId, deviceId: `demo-device-${id.slice(-3)}`, deviceName, platform, registeredAt: daysFrom(day, at) });
  const installations = [
    install('00000000-0000-4000-a000-00000000f101', L.autoRenewing, "Dana's MacBook Air", 'macOS', -399),
    install('00000000-0000-4000-a000-00000000f102', L.autoRenewing, 'Family PC', 'Windows', -398),
    install('00000000-0000-4000-a000-00000000f103', L.boxed, 'Office laptop', 'Windows', -8),
    install('00000000-0000-4000-a000-00000000f104', L.partner, "Dana's phone", 'Android', -160),
  ];
  await dataSource.transaction(async (tx) => {
    await tx.insert(License, licenses);
    await tx.insert(LicenseTerm, terms);
    await tx.insert(Installation, installations);
  });
  return true;
}
