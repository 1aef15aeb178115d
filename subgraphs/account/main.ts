import 'reflect-metadata';
import { runSubgraphProcess } from '../../kernel/main';
import { EVENT_ROUTES } from '../events';
import { accountSubgraph } from './index';

runSubgraphProcess(accountSubgraph, EVENT_ROUTES);
