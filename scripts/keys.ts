import { generateSigningKey, type KeySet } from '../kernel/access-token';

/**
 * `npm run keys`: prints a JWKS with one new private ES256 signing key for ACCESS_TOKEN_KEYS.
 * `npm run keys -- '<current ACCESS_TOKEN_KEYS>'` prints the current set with a new key in
 * front: the new key signs from then on, the old ones keep verifying (README, rotation).
 */
async function main(): Promise<void> {
  const current: KeySet = process.argv[2] ? JSON.parse(process.argv[2]) : { keys: [] };
  console.log(JSON.stringify({ keys: [await generateSigningKey(), ...current.keys] }));
}

main().catch((error: Error) => {
  console.error(`Could not make a key set: ${error.message}`);
  process.exit(1);
});
