import { byIdLoader } from '../../kernel/loaders';
import type { AccountServices } from './account.services';

export function createAccountLoaders(services: AccountServices) {
  return {
    accountById: byIdLoader((ids) => services.accounts.findByIds(ids), (a) => a.id),
  };
}
export type AccountLoaders = ReturnType<typeof createAccountLoaders>;
