import { eLicenseSuite } from '../support/e-license-suite';

// E1–E5 with the mainland profile's seal (SM2 over SM3, GM/T 0003 and 0004), verified offline by a
// verifier written from the standard (test/support/sm2-reference.ts), not by the platform's code.
eLicenseSuite('SM2');
