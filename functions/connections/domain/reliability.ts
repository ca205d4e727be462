import type { EventsOf } from '../../events';
import type { Decision } from '../../platform/aggregate';
import type { Snapshot } from '../../platform/event-store';
import type { ReliabilityRecord } from './report';

/** A grid company's supply reliability of one year (G8): the latest figure per area type counts. */
export interface Reliability {
  companyId: string;
  year: number;
  areas: ReliabilityRecord[];
}

export const reliabilityStream = (companyId: string, year: number) => `RELIABILITY#${companyId}#${year}`;

export function reportReliability(
  current: Snapshot<Reliability> | undefined,
  companyId: string,
  figure: ReliabilityRecord,
): Decision<Reliability, EventsOf<'reliability'>> {
  const areas = [...(current?.state.areas ?? []).filter((a) => a.areaType !== figure.areaType), figure];
  return { events: [{ type: 'ReliabilityReported', data: { ...figure } }], state: { companyId, year: figure.year, areas } };
}
