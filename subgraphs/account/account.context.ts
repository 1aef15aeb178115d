import type { SubgraphContext } from '../../kernel/context';
import type { AccountLoaders } from './account.loaders';
import type { AccountServices } from './account.services';

export type AccountContext = SubgraphContext<AccountServices, AccountLoaders>;
