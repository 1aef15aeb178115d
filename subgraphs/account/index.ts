import type { DataSource } from 'typeorm';
import { buildFederatedSchema } from '../../kernel/federation';
import type { ServiceDeps, SubgraphDefinition } from '../../kernel/subgraph';
import { Account } from './account.entity';
import { createAccountLoaders, type AccountLoaders } from './account.loaders';
import { resolveAccountReference } from './account.reference';
import { AccountResolver } from './account.resolver';
import { seedAccountDemo } from './account.seed';
import { AccountService } from './account.service';
import { migrations } from './migrations';

export interface AccountServices {
  accounts: AccountService;
}

/** The account subgraph: accounts, credentials, sessions, merges, support actions. */
export const accountSubgraph: SubgraphDefinition<AccountServices, AccountLoaders> = {
  name: 'account',
  entities: [Account],
  migrations,
  buildSchema: () =>
    buildFederatedSchema({ resolvers: [AccountResolver] }, { Account: { __resolveReference: resolveAccountReference } }),
  createServices: (dataSource: DataSource, deps: ServiceDeps) => ({ accounts: new AccountService(dataSource, deps) }),
  createLoaders: createAccountLoaders,
  eventHandlers: {},
  jobHandlers: {},
  seedDemo: seedAccountDemo,
};
