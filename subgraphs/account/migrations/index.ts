// Written by npm run migration:generate: the committed MySQL migrations of this subgraph, in order.
import { Initial1795325658746 } from './Initial.1795325658746';
import { Outbox1795326600046 } from './Outbox.1795326600046';
import { SignIn1795328525845 } from './SignIn.1795328525845';
import { PasswordResets1795329063431 } from './PasswordResets.1795329063431';
import { SupportChanges1795329329957 } from './SupportChanges.1795329329957';
import { AccountMerges1795329470301 } from './AccountMerges.1795329470301';
import { PhoneVerifications1795329691664 } from './PhoneVerifications.1795329691664';
import { Throttles1795440053764 } from './Throttles.1795440053764';
import { CanonicalEmails1795440553459 } from './CanonicalEmails.1795440553459';

export const migrations: Function[] = [Initial1795325658746, Outbox1795326600046, SignIn1795328525845, PasswordResets1795329063431, SupportChanges1795329329957, AccountMerges1795329470301, PhoneVerifications1795329691664, Throttles1795440053764, CanonicalEmails1795440553459];
