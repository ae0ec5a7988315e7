// The dispatch table: api key -> handler. One file per API under ./apis (core) or another folder
// (e.g. ./groups). To add an API, import its handler and list it in defaultHandlers() below.
import type { ApiHandler } from './handler';
import { apiVersionsHandler } from './apis/api-versions';
import { metadataHandler } from './apis/metadata';
import { produceHandler } from './apis/produce';
import { fetchHandler } from './apis/fetch';
import { listOffsetsHandler } from './apis/list-offsets';
import { createTopicsHandler } from './apis/create-topics';
import { deleteTopicsHandler } from './apis/delete-topics';
import { createPartitionsHandler } from './apis/create-partitions';
import { describeConfigsHandler } from './apis/describe-configs';
import { alterConfigsHandler } from './apis/alter-configs';
import { incrementalAlterConfigsHandler } from './apis/incremental-alter-configs';
import { initProducerIdHandler } from './apis/init-producer-id';
import { findCoordinatorHandler } from './apis/find-coordinator';
import { joinGroupHandler } from './apis/join-group';
import { syncGroupHandler } from './apis/sync-group';
import { heartbeatHandler } from './apis/heartbeat';
import { leaveGroupHandler } from './apis/leave-group';
import { offsetCommitHandler } from './apis/offset-commit';
import { offsetFetchHandler } from './apis/offset-fetch';
import { listGroupsHandler } from './apis/list-groups';
import { describeGroupsHandler } from './apis/describe-groups';
import { deleteGroupsHandler } from './apis/delete-groups';
import { saslHandshakeHandler } from './apis/sasl-handshake';
import { saslAuthenticateHandler } from './apis/sasl-authenticate';
import { deleteRecordsHandler } from './apis/delete-records';
import { createAclsHandler } from './apis/create-acls';
import { describeAclsHandler } from './apis/describe-acls';
import { deleteAclsHandler } from './apis/delete-acls';

export function defaultHandlers(): ApiHandler[] {
  return [
    apiVersionsHandler,
    metadataHandler,
    produceHandler,
    fetchHandler,
    listOffsetsHandler,
    createTopicsHandler,
    deleteTopicsHandler,
    createPartitionsHandler,
    describeConfigsHandler,
    alterConfigsHandler,
    incrementalAlterConfigsHandler,
    initProducerIdHandler,
    // SASL (auth listeners): answered on every listener; only SASL listeners accept a handshake.
    saslHandshakeHandler,
    saslAuthenticateHandler,
    // Consumer-group APIs (groups engineer): add their handlers here.
    findCoordinatorHandler,
    joinGroupHandler,
    syncGroupHandler,
    heartbeatHandler,
    leaveGroupHandler,
    offsetCommitHandler,
    offsetFetchHandler,
    listGroupsHandler,
    describeGroupsHandler,
    deleteGroupsHandler,
    // DeleteRecords and the ACL APIs (stored and listed, not enforced).
    deleteRecordsHandler,
    createAclsHandler,
    describeAclsHandler,
    deleteAclsHandler,
  ];
}

export class HandlerTable {
  private byKey = new Map<number, ApiHandler>();

  constructor(handlers: ApiHandler[] = defaultHandlers()) {
    for (const h of handlers) this.register(h);
  }

  /** Adds or replaces the handler for h.apiKey (e.g. SASL handlers registered by an auth layer). */
  register(h: ApiHandler): void {
    if (h.minVersion > h.maxVersion) throw new Error(`${h.name}: minVersion > maxVersion`);
    this.byKey.set(h.apiKey, h);
  }

  unregister(apiKey: number): void {
    this.byKey.delete(apiKey);
  }

  get(apiKey: number): ApiHandler | undefined {
    return this.byKey.get(apiKey);
  }

  /** All handlers by ascending api key (ApiVersions lists them in this order). */
  list(): ApiHandler[] {
    return [...this.byKey.values()].sort((a, b) => a.apiKey - b.apiKey);
  }
}
