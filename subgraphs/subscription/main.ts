import 'reflect-metadata';
import { runSubgraphProcess } from '../../kernel/main';
import { EVENT_ROUTES } from '../events';
import { subscriptionSubgraph } from './index';

runSubgraphProcess(subscriptionSubgraph, EVENT_ROUTES);
