import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/**
 * The local scheduler's memory of what it started and whether it finished (EventBridge Scheduler
 * and Step Functions keep that durably in AWS; the local ASL runner keeps executions in memory).
 * After a crash, the firings that had not finished are started again on start-up — every scheduled
 * workflow is idempotent for its day or period, so a firing that did in fact finish does nothing
 * twice. Events' workflows need no journal: their obligations are in the table.
 */
export interface Firing {
  schedule: string;
  stateMachine: string;
  executionName: string;
  input: Record<string, unknown>;
  at: string;
}

export class ScheduleJournal {
  private open: Firing[];

  constructor(private readonly file?: string) {
    this.open = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Firing[]) : [];
  }

  /** The firings started and not known to have finished (at start-up: those a crash cut short). */
  unfinished(): Firing[] {
    return [...this.open];
  }

  started(f: Firing): void {
    if (!this.open.some((o) => o.executionName === f.executionName)) this.open.push(f);
    this.save();
  }

  finished(executionName: string): void {
    this.open = this.open.filter((o) => o.executionName !== executionName);
    this.save();
  }

  private save(): void {
    if (this.file) writeFileSync(this.file, JSON.stringify(this.open));
  }
}
