import 'reflect-metadata';
import { runSubgraphProcess } from '../../kernel/main';
import { orderSubgraph } from './index';

runSubgraphProcess(orderSubgraph);
