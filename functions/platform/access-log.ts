/**
 * Who looked at what (DOMAIN E5: issuance, storage, use and verification are logged). Reads are
 * not state changes, so they do not go into an aggregate's stream (where concurrent readers would
 * contend); each is its own write-once item under `ACCESS#<subject>`, and — like every event — it
 * carries its day and hash, so the daily audit seal covers it too (X1).
 */
export interface AccessRecord {
  action: string;
  actor: string;
  at: string;
  requestId: string;
  detail?: Record<string, unknown>;
}

export interface AccessLog {
  record(subject: string, rec: AccessRecord): Promise<void>;
  list(subject: string, limit?: number): Promise<(AccessRecord & { hash: string })[]>;
}
