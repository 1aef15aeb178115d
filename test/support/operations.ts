import { buildManifest } from '../../gateway/trusted-documents';
import { CLIENTS_DIR } from '../../kernel/paths';

/**
 * The operations the web portal, the store and the mobile apps send (the project's copy of
 * their contract, schema/clients/*.graphql), by name, each with the fragments it uses: the
 * bodies of the trusted documents manifest.
 */
export function clientOperations(): Map<string, string> {
  return new Map(buildManifest().operations.map((o) => [o.name, o.body]));
}

export function clientOperation(name: string): string {
  const operation = clientOperations().get(name);
  if (!operation) throw new Error(`operation ${name} is not in ${CLIENTS_DIR}/*.graphql`);
  return operation;
}

/** The id (SHA-256) a client sends for a manifest operation instead of its text. */
export function clientOperationId(name: string): string {
  const operation = buildManifest().operations.find((o) => o.name === name);
  if (!operation) throw new Error(`operation ${name} is not in ${CLIENTS_DIR}/*.graphql`);
  return operation.id;
}
