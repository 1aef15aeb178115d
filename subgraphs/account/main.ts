import 'reflect-metadata';
import { runSubgraphProcess } from '../../kernel/main';
import { EVENT_ROUTES } from '../events';
import { accountSubgraph } from './account.subgraph';

runSubgraphProcess(accountSubgraph, EVENT_ROUTES);
