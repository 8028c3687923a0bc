/**
 * Registering the synthesis search attributes (workflows/search-attributes.ts)
 * on a namespace: the dev server gets them as start flags
 * ({@link devServerSearchAttributeFlags}), a cluster through the operator
 * service (`synthledger temporal setup`, {@link registerSearchAttributes}).
 * A workflow that sets an unregistered attribute fails its workflow task
 * again and again, so workers check first ({@link missingSearchAttributes}).
 */
import type { Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { EnvironmentError } from '../../common/errors';
import { SEARCH_ATTRIBUTE_KEYS } from '../../workflows/search-attributes';

/** A registered search attribute. */
export interface SearchAttributeState {
  name: string;
  type: SearchAttributeType;
  /** `added` by this call, already `present`. */
  state: 'added' | 'present';
}

/** The name of each type as the Temporal CLI spells it (`--search-attribute Name=Keyword`, `--type Keyword`). */
export function cliTypeName(type: SearchAttributeType): string {
  return type === 'KEYWORD_LIST' ? 'KeywordList' : type.charAt(0) + type.slice(1).toLowerCase();
}

/** `temporal server start-dev` flags registering every synthesis search attribute. */
export function devServerSearchAttributeFlags(): string[] {
  return SEARCH_ATTRIBUTE_KEYS.flatMap((k) => ['--search-attribute', `${k.name}=${cliTypeName(k.type)}`]);
}

/** The `temporal operator search-attribute create` command line that registers them on a cluster. */
export function operatorCommandLine(namespace: string): string {
  return `temporal operator search-attribute create --namespace ${namespace} ${SEARCH_ATTRIBUTE_KEYS.map((k) => `--name ${k.name} --type ${cliTypeName(k.type)}`).join(' ')}`;
}

/** The protocol's IndexedValueType of a search attribute type. */
function indexedValueType(type: SearchAttributeType): temporal.api.enums.v1.IndexedValueType {
  return temporal.api.enums.v1.IndexedValueType[`INDEXED_VALUE_TYPE_${type}`];
}

async function registered(connection: Connection, namespace: string): Promise<Map<string, number>> {
  const r = await connection.operatorService.listSearchAttributes({ namespace });
  return new Map(Object.entries(r.customAttributes ?? {}).map(([name, type]) => [name, Number(type)]));
}

/** The synthesis search attributes the namespace lacks (empty when all are registered). Throws CONFIG_INVALID when one has another type. */
export async function missingSearchAttributes(connection: Connection, namespace: string): Promise<string[]> {
  const have = await registered(connection, namespace);
  const missing: string[] = [];
  for (const k of SEARCH_ATTRIBUTE_KEYS) {
    const type = have.get(k.name);
    if (type === undefined) missing.push(k.name);
    else if (type !== indexedValueType(k.type)) {
      throw new EnvironmentError('CONFIG_INVALID', `search attribute ${k.name} is registered on namespace ${namespace} with another type than ${cliTypeName(k.type)}`);
    }
  }
  return missing;
}

/** Registers the missing synthesis search attributes on `namespace` (idempotent); returns each attribute's state. */
export async function registerSearchAttributes(connection: Connection, namespace: string): Promise<SearchAttributeState[]> {
  const missing = new Set(await missingSearchAttributes(connection, namespace));
  if (missing.size > 0) {
    const searchAttributes = Object.fromEntries(SEARCH_ATTRIBUTE_KEYS.filter((k) => missing.has(k.name)).map((k) => [k.name, indexedValueType(k.type)]));
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes });
  }
  return SEARCH_ATTRIBUTE_KEYS.map((k) => ({ name: k.name, type: k.type, state: missing.has(k.name) ? 'added' as const : 'present' as const }));
}
