import 'reflect-metadata';
import { runSubgraphProcess } from '../../kernel/main';
import { subscriptionSubgraph } from './index';

runSubgraphProcess(subscriptionSubgraph);
