import { eLicenseSuite } from '../support/e-license-suite';

// E1–E5 with the global profile's seal (ES256); e-license-sm2.test.ts runs the same with SM2.
eLicenseSuite('ES256');
