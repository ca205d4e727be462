import { shanghaiDate } from '../platform/calendar';
import { eventStore } from '../platform/deps';
import { type Absence, absenceStream, covers } from './domain/absence';

/**
 * 顶岗补位, as the contexts that own work items ask it: whether `actor` covers now for `owner`, an absent
 * colleague of the agency (supervision keeps the absences). One read, and only when someone else acts on an owned item.
 */
export async function coversForAbsent(agencyId: string, owner: string | undefined, actor: string, at: Date): Promise<boolean> {
  if (!owner || owner === actor) return false;
  const absence = await eventStore().load<Absence>(absenceStream(agencyId, owner));
  return covers(absence?.state, actor, shanghaiDate(at));
}
