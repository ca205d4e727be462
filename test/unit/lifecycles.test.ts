import { LIFECYCLES } from '../../functions/lifecycles';
import { guard, type Lifecycle } from '../../functions/platform/domain/lifecycle';

/** Every lifecycle table is whole: each status reachable from creation, each action allowed somewhere, and refusals list what is allowed. */
describe.each(Object.entries(LIFECYCLES as Record<string, Lifecycle<string, string>>))('the %s lifecycle', (_name, l) => {
  it('reaches every status from its creation; every action is allowed in some status and leads to known statuses', () => {
    const statuses = Object.keys(l.actions);
    const seen = new Set([l.creation.to]);
    for (let grew = true; grew;) {
      grew = false;
      for (const s of [...seen])
        for (const a of l.actions[s]!)
          for (const t of l.targets[a]!)
            if (!seen.has(t)) {
              seen.add(t);
              grew = true;
            }
    }
    expect([...seen].sort()).toEqual([...statuses].sort());
    const allowedSomewhere = new Set(Object.values(l.actions).flat());
    expect(Object.keys(l.targets).filter((a) => !allowedSomewhere.has(a))).toEqual([]);
    for (const targets of Object.values(l.targets)) for (const t of targets) expect(statuses).toContain(t);
    for (const f of l.finals) expect(statuses).toContain(f);
  });

  it('refuses an action its status does not allow with 409 and the allowed actions', () => {
    const [status, allowed] = Object.entries(l.actions).find(([, a]) => a.length < Object.keys(l.targets).length)!;
    const refused = Object.keys(l.targets).find((a) => !allowed.includes(a))!;
    expect(() => guard(l, status, refused)).toThrow(expect.objectContaining({ kind: 'conflict', details: { allowed } }));
  });
});
