// Shared with the order subgraph (O8: links to choose a new order password).
export { hashSecretToken, newSecretToken } from '../../../kernel/secret-token';
