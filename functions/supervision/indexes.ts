import type { Absence } from './domain/absence';
import { dueKeys, type IndexKeys } from '../platform/event-store';
import type { DrawRecord } from './domain/draw-record';
import { type Assignment, type Inspection, inspectionStream, nextDue as inspectionNextDue } from './domain/inspection';
import type { Plan } from './domain/plan';
import type { Inspector } from './domain/pool';
import { nextDue as warningsNextDue, type Warnings, warningsStream } from './domain/screening';

export const agencyDrawsKey = (agencyId: string): string => `AGENCY#${agencyId}#DRAWS`;
/** S3: every draw, public. */
export const PUBLIC_DRAWS_KEY = 'PUBLIC#DRAWS';
export const agencyInspectionsKey = (agencyId: string): string => `AGENCY#${agencyId}#INSPECTIONS`;
export const drawInspectionsKey = (drawId: string): string => `DRAW#${drawId}#INSPECTIONS`;
export const inspectorAssignmentsKey = (agencyId: string, inspectorId: string): string => `AGENCY#${agencyId}#INSPECTOR#${inspectorId}`;
export const agencyPlansKey = (agencyId: string): string => `AGENCY#${agencyId}#PLANS`;
/** The plans the quarterly schedule draws. */
export const SCHEDULED_PLANS_KEY = 'PLANS#QUARTERLY';
export const agencyInspectorsKey = (agencyId: string): string => `AGENCY#${agencyId}#INSPECTORS`;
export const agencyWarningsKey = (agencyId: string): string => `AGENCY#${agencyId}#WARNINGS`;

export const drawIndex = (d: DrawRecord): IndexKeys => ({
  gsi1pk: agencyDrawsKey(d.agencyId),
  gsi1sk: `${d.committedAt}#${d.drawId}`,
  gsi2pk: PUBLIC_DRAWS_KEY,
  gsi2sk: `${d.committedAt}#${d.drawId}`,
});

export const inspectionIndex = (i: Inspection): IndexKeys => ({
  gsi1pk: agencyInspectionsKey(i.agencyId),
  gsi1sk: `${i.openedAt}#${i.inspectionId}`,
  ...(i.drawId ? { gsi2pk: drawInspectionsKey(i.drawId), gsi2sk: i.inspectionId } : {}),
  ...dueKeys(inspectionNextDue(i), inspectionStream(i.inspectionId)),
});

export const assignmentIndex = (a: Assignment): IndexKeys => ({
  gsi1pk: inspectorAssignmentsKey(a.agencyId, a.inspectorId),
  gsi1sk: `${a.assignedAt}#${a.inspectionId}`,
});

export const planIndex = (p: Plan): IndexKeys => ({
  gsi1pk: agencyPlansKey(p.agencyId),
  gsi1sk: p.planId,
  ...(p.schedule === 'quarterly' ? { gsi2pk: SCHEDULED_PLANS_KEY, gsi2sk: p.planId } : {}),
});

export const inspectorIndex = (i: Inspector): IndexKeys => ({ gsi1pk: agencyInspectorsKey(i.agencyId), gsi1sk: i.inspectorId });

export const warningsIndex = (w: Warnings): IndexKeys => ({
  gsi1pk: agencyWarningsKey(w.agencyId),
  gsi1sk: w.uscc,
  ...dueKeys(warningsNextDue(w), warningsStream(w.uscc)),
});

/** The agency's absences now (顶岗补位): listed while the person is away, for the workbench's queues. */
export const agencyAbsencesKey = (agencyId: string): string => `AGENCY#${agencyId}#ABSENCES`;
export const absenceIndex = (a: Absence): IndexKeys => (a.status === 'absent' ? { gsi1pk: agencyAbsencesKey(a.agencyId), gsi1sk: a.sub } : {});
