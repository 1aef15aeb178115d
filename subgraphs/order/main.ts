import 'reflect-metadata';
import { runSubgraphProcess } from '../../kernel/main';
import { EVENT_ROUTES } from '../events';
import { orderSubgraph } from './order.subgraph';

runSubgraphProcess(orderSubgraph, EVENT_ROUTES);
