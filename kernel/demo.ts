/**
 * Identifiers of the demo data that `npm start` seeds. Each subgraph seeds only its own tables;
 * these shared ids are what ties the pieces together across subgraphs, exactly as real
 * references would. Dates are relative to the day of seeding (see `demoDay`).
 */
/** Password of the demo accounts, in development only (README). */
export const DEMO_PASSWORD = 'portal-demo-2026';

export const DEMO = {
  accounts: {
    dana: { id: '00000000-0000-4000-a000-00000000a001', email: 'dana@example.com', phone: '+14155550123' },
    sam: { id: '00000000-0000-4000-a000-00000000a002', email: 'sam@example.com', phone: null },
    support: { id: '00000000-0000-4000-a000-00000000a003', email: 'support@example.com', phone: null },
    analyst: { id: '00000000-0000-4000-a000-00000000a004', email: 'analyst@example.com', phone: null },
  },
  products: {
    maximumSecurity: '00000000-0000-4000-a000-00000000b001',
    internetSecurityBoxed: '00000000-0000-4000-a000-00000000b002',
    antivirusMonthly: '00000000-0000-4000-a000-00000000b003',
    backupCd: '00000000-0000-4000-a000-00000000b004',
    premiumSuite: '00000000-0000-4000-a000-00000000b005',
    antivirusAnnual: '00000000-0000-4000-a000-00000000b006',
    internetSecurityMonthly: '00000000-0000-4000-a000-00000000b007',
    internetSecurityAnnual: '00000000-0000-4000-a000-00000000b008',
    maximumSecurityMonthly: '00000000-0000-4000-a000-00000000b009',
    maximumSecurityFiveDevices: '00000000-0000-4000-a000-00000000b010',
    pcTuneUp: '00000000-0000-4000-a000-00000000b011',
  },
  orders: {
    /** Dana's first download purchase of Maximum Security. */
    download: '00000000-0000-4000-a000-00000000c001',
    /** Dana's boxed CD, shipped by Priority Mail; a refund is in progress. */
    physical: '00000000-0000-4000-a000-00000000c002',
    /** The Auto-Renewal Plan's renewal of Maximum Security. */
    renewal: '00000000-0000-4000-a000-00000000c003',
    /** Dana's old monthly plan, long expired. */
    monthly: '00000000-0000-4000-a000-00000000c004',
    /** Sam's only order. */
    sam: '00000000-0000-4000-a000-00000000c005',
  },
  licenses: {
    autoRenewing: '00000000-0000-4000-a000-00000000d001',
    boxed: '00000000-0000-4000-a000-00000000d002',
    expired: '00000000-0000-4000-a000-00000000d003',
    partner: '00000000-0000-4000-a000-00000000d004',
    sam: '00000000-0000-4000-a000-00000000d005',
    /** Not registered yet (A2): activation code AC-BB-4MZP77TT. */
    unregistered: '00000000-0000-4000-a000-00000000d006',
    /** Not registered yet (A2): serial number MS9D-2LQW-7RTY-55AB. */
    unregisteredDownload: '00000000-0000-4000-a000-00000000d007',
  },
} as const;

const DAY = 24 * 60 * 60 * 1000;

/** Midnight UTC of the day `now` falls on: every subgraph's seed computes the same dates. */
export function demoDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export function daysFrom(day: Date, days: number): Date {
  return new Date(day.getTime() + days * DAY);
}
