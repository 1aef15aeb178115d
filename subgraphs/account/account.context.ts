import type { SubgraphContext } from '../../kernel/context';
import type { AccountLoaders } from './account.loaders';
import type { AccountServices } from './index';

export type AccountContext = SubgraphContext<AccountServices, AccountLoaders>;
