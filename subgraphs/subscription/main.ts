import 'reflect-metadata';
import { runSubgraphProcess } from '../../kernel/main';
import { EVENT_ROUTES } from '../events';
import { subscriptionSubgraph } from './subscription.subgraph';

runSubgraphProcess(subscriptionSubgraph, EVENT_ROUTES);
