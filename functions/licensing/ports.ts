import registryJson from '../../config/registry-fixtures.json';
import { type CreditClass, creditClassOf, type CreditState, creditStream } from '../credit/domain/credit-class';
import type { EventStore } from '../platform/event-store';
import type { RegistryCheck } from './domain/application';

/**
 * What licensing needs from outside its context, as ports:
 * - the credit class, read in real time from the credit context's records (C2);
 * - the online registries the commitment path is verified against (L7).
 */
export interface CreditPort {
  classOf(uscc: string, onDate: string): Promise<CreditClass>;
}

export interface RegistryPort {
  verify(uscc: string, licenseClass: string, level: number | undefined): Promise<RegistryCheck[]>;
}

/** Reads the credit records as the credit context keeps them (stream CREDIT#<uscc>) and classifies them. */
export class EventStoreCreditPort implements CreditPort {
  constructor(private readonly store: () => EventStore) {}

  async classOf(uscc: string, onDate: string): Promise<CreditClass> {
    const snapshot = await this.store().load<CreditState>(creditStream(uscc));
    return creditClassOf(snapshot?.state.records ?? [], onDate);
  }
}

interface FixtureEntry {
  registered: boolean;
  personnelPosts: boolean;
  qualifications: boolean;
  note?: string;
}

/**
 * The registries, from config/registry-fixtures.json. This is the only adapter so far: the
 * national market-entity and qualification registries have no API reachable from here; the
 * production adapter implements the same port (see docs/licensing.md).
 */
export class FixtureRegistryPort implements RegistryPort {
  constructor(private readonly fixtures: { default: FixtureEntry; enterprises: Record<string, FixtureEntry> } = registryJson) {}

  async verify(uscc: string): Promise<RegistryCheck[]> {
    const f = this.fixtures.enterprises[uscc] ?? this.fixtures.default;
    const detail = f.note ? { detail: f.note } : {};
    return [
      { check: 'registration', passed: f.registered, ...(f.registered ? {} : detail) },
      { check: 'personnel-posts', passed: f.personnelPosts, ...(f.personnelPosts ? {} : detail) },
      { check: 'qualifications', passed: f.qualifications, ...(f.qualifications ? {} : detail) },
    ];
  }
}
