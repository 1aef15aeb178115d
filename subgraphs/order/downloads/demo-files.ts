import { createCipheriv, createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { DEMO } from '../../../kernel/demo';
import type { FileStorage } from './file-storage';
import { ProductFile } from './product-file.entity';

const P = DEMO.products;
const MiB = 1024 * 1024;

/** The demo installers, installer-sized, and the products that deliver each (O10). */
const DEMO_FILES: Array<{ label: string; fileName: string; sizeBytes: number; products: string[] }> = [
  { label: 'Installer for Windows', fileName: 'AntivirusPlus-2026-Setup.exe', sizeBytes: 3 * MiB + 217_411, products: [P.antivirusMonthly, P.antivirusAnnual] },
  { label: 'Installer for Windows', fileName: 'InternetSecurity-2026-Setup.exe', sizeBytes: 4 * MiB + 91_733, products: [P.internetSecurityMonthly, P.internetSecurityAnnual] },
  { label: 'Installer for Windows', fileName: 'MaximumSecurity-2026-Setup.exe', sizeBytes: 4 * MiB + 655_360 + 3_017, products: [P.maximumSecurity, P.maximumSecurityMonthly, P.maximumSecurityFiveDevices] },
  { label: 'Installer for macOS', fileName: 'MaximumSecurity-2026.dmg', sizeBytes: 3 * MiB + 901_120 + 77, products: [P.maximumSecurity, P.maximumSecurityMonthly, P.maximumSecurityFiveDevices] },
  { label: 'Installer for Windows', fileName: 'PremiumSecuritySuite-2026-Setup.exe', sizeBytes: 5 * MiB + 12_345, products: [P.premiumSuite] },
  { label: 'Installer for Windows', fileName: 'PCTuneUp-Setup.exe', sizeBytes: 2 * MiB + 333_333, products: [P.pcTuneUp] },
];

/**
 * Deterministic pseudo-random bytes of a given size, named by a seed: the AES-256-CTR keystream
 * under a key derived from the seed. Real installers do not compress, and neither do these;
 * they are made at seed time rather than committed, and come out the same on every machine.
 */
export function pseudoRandomBytes(seed: string, size: number): Readable {
  const key = createHash('sha256').update(`demo file ${seed}`).digest();
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  const zeros = Buffer.alloc(MiB);
  return Readable.from(
    (function* () {
      for (let left = size; left > 0; left -= MiB) yield cipher.update(left >= MiB ? zeros : zeros.subarray(0, left));
    })(),
  );
}

const digests = new Map<string, string>();

/** SHA-256 of a seed's bytes, computed once per process. */
async function digestOf(seed: string, size: number): Promise<string> {
  const key = `${seed}:${size}`;
  let digest = digests.get(key);
  if (!digest) {
    const hash = createHash('sha256');
    for await (const chunk of pseudoRandomBytes(seed, size)) hash.update(chunk as Buffer);
    digest = hash.digest('hex');
    digests.set(key, digest);
  }
  return digest;
}

/**
 * Publishes a file to the storage port and describes it for a product. The bytes are written
 * only when the storage does not hold an object of that size already (the content is the
 * seed's, so a second graph on the same directory reuses it).
 */
export async function publishDemoFile(storage: FileStorage, file: { id: string; productId: string; position: number; label: string; fileName: string; sizeBytes: number }, now: Date): Promise<ProductFile> {
  const storageKey = `products/${file.fileName}`;
  if ((await storage.stat(storageKey))?.size !== file.sizeBytes) await storage.write(storageKey, pseudoRandomBytes(file.fileName, file.sizeBytes));
  return Object.assign(new ProductFile(), { ...file, storageKey, sha256: await digestOf(file.fileName, file.sizeBytes), createdAt: now });
}

/** The demo's download files: publishes the objects to storage, and answers a row per product that delivers each. */
export async function publishDemoFiles(storage: FileStorage, now: Date): Promise<ProductFile[]> {
  const rows: ProductFile[] = [];
  for (const file of DEMO_FILES) {
    for (const productId of file.products) {
      // One object in storage, one row per product that delivers it.
      rows.push(await publishDemoFile(storage, { id: randomUUID(), productId, position: file.label.includes('macOS') ? 1 : 0, label: file.label, fileName: file.fileName, sizeBytes: file.sizeBytes }, now));
    }
  }
  return rows;
}
