import { defineSearchAttributeKey, SearchAttributeType, TypedSearchAttributes } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

/** A client or worker (native) connection. */
type OperatorConnection = { operatorService: temporal.api.operatorservice.v1.OperatorService };

/** gRPC status codes the operator service answers with. */
type SearchAttributeKey<T extends SearchAttributeType> = ReturnType<typeof defineSearchAttributeKey<T>>;

const status = { ALREADY_EXISTS: 6, UNIMPLEMENTED: 12 } as const;

const INDEXED: Record<SearchAttributeType, temporal.api.enums.v1.IndexedValueType> = {
  [SearchAttributeType.TEXT]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  [SearchAttributeType.KEYWORD]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  [SearchAttributeType.INT]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  [SearchAttributeType.DOUBLE]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  [SearchAttributeType.BOOL]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  [SearchAttributeType.DATETIME]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  [SearchAttributeType.KEYWORD_LIST]: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/** `Name=Type` pairs as the Temporal CLI's `--search-attribute` flag takes them. */
export function searchAttributeFlags(keys: SearchAttributeKey<SearchAttributeType>[]): string[] {
  return keys.map((k) => `${k.name}=${TypedSearchAttributes.toMetadataType(k.type)}`);
}

/** Registers the keys the namespace does not have yet; safe to call on every start. */
export async function ensureSearchAttributes(
  connection: OperatorConnection,
  namespace: string,
  keys: SearchAttributeKey<SearchAttributeType>[],
): Promise<string[]> {
  const known = await knownSearchAttributes(connection, namespace);
  const added: string[] = [];
  // One at a time: the time-skipping test server cannot list, and answers ALREADY_EXISTS per key.
  for (const key of keys.filter((k) => !known.has(k.name))) {
    try {
      await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: { [key.name]: INDEXED[key.type] } });
      added.push(key.name);
    } catch (err) {
      if ((err as { code?: number }).code !== status.ALREADY_EXISTS) throw err;
    }
  }
  return added;
}

async function knownSearchAttributes(connection: OperatorConnection, namespace: string): Promise<Set<string>> {
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    return new Set([...Object.keys(existing.customAttributes ?? {}), ...Object.keys(existing.systemAttributes ?? {})]);
  } catch (err) {
    if ((err as { code?: number }).code === status.UNIMPLEMENTED) return new Set();
    throw err;
  }
}
