import fs from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, type OperationDefinitionNode } from 'graphql';
import { SCHEMA_DIR } from '../../kernel/paths';

/** The operations the web portal and mobile app send (the project's copy of their contract). */
export const CLIENT_OPERATIONS_PATH = path.join(SCHEMA_DIR, 'clients', 'web-portal.graphql');

export function clientOperations(): Map<string, string> {
  const document = parse(fs.readFileSync(CLIENT_OPERATIONS_PATH, 'utf8'));
  const operations = new Map<string, string>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      operations.set((definition as OperationDefinitionNode).name!.value, print(definition));
    }
  }
  return operations;
}

export function clientOperation(name: string): string {
  const operation = clientOperations().get(name);
  if (!operation) throw new Error(`operation ${name} is not in ${CLIENT_OPERATIONS_PATH}`);
  return operation;
}
