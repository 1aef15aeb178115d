// The masking rules are shared with the order subgraph (O9): they live in the kernel.
export { maskEmail, maskPhone } from '../../../kernel/masking';
