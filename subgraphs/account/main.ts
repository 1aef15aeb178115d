import 'reflect-metadata';
import { runSubgraphProcess } from '../../kernel/main';
import { accountSubgraph } from './index';

runSubgraphProcess(accountSubgraph);
