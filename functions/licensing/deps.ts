import { eventStore } from '../platform/deps';
import { type CreditPort, EventStoreCreditPort, FixtureRegistryPort, type RegistryPort } from './ports';

/** The licensing context's ports, created on first use. */
let credit: CreditPort | undefined;
let registry: RegistryPort | undefined;
export const creditPort = (): CreditPort => (credit ??= new EventStoreCreditPort(eventStore));
export const registryPort = (): RegistryPort => (registry ??= new FixtureRegistryPort());
