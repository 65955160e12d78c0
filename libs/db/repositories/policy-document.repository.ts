import type { Selectable } from 'kysely';
import type { PolicyDocumentTable } from '../schema';
import { Repository } from './repository';

export type PolicyDocumentRow = Selectable<PolicyDocumentTable>;

export interface NewPolicyDocument {
  id: string;
  version: string;
  /** The policy as a JSON object. */
  document: object;
  createdBy: string | null;
}

/** Uploaded policy documents (`policy_documents`), by id and version; a stored version never changes. */
export class PolicyDocumentRepository extends Repository {
  /** Stores the document unless its id and version are stored already; true if it was new. */
  async insertOnce(policy: NewPolicyDocument): Promise<boolean> {
    const inserted = await this.db
      .insertInto('policy_documents')
      .values({ id: policy.id, version: policy.version, document: JSON.stringify(policy.document), created_by: policy.createdBy })
      .onConflict((oc) => oc.columns(['id', 'version']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async find(id: string, version: string): Promise<PolicyDocumentRow | undefined> {
    return this.db.selectFrom('policy_documents').selectAll().where('id', '=', id).where('version', '=', version).executeTakeFirst();
  }

  /** Every stored document, by id, then time stored, then version. */
  async list(): Promise<PolicyDocumentRow[]> {
    return this.db.selectFrom('policy_documents').selectAll().orderBy('id').orderBy('created_at').orderBy('version').execute();
  }
}
