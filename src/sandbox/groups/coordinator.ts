/**
 * The consumer-group coordinator as a pure state machine: no sockets, no wire format, and time
 * only through the injected clock. The protocol handlers translate requests into calls here.
 *
 * A group moves Empty → PreparingRebalance → CompletingRebalance → Stable, as in Kafka:
 * - PreparingRebalance is the join barrier: JoinGroup answers wait until every known member has
 *   rejoined (or the rebalance timeout drops the ones that did not).
 * - CompletingRebalance is the sync barrier: SyncGroup answers wait for the leader's assignment.
 * Session timeouts remove members that stop heartbeating; static membership is not supported
 * (group.instance.id is accepted and reported, but gives no special treatment).
 *
 * Timing, as in Kafka 3.x's GroupCoordinator (DelayedJoin, DelayedSync since KAFKA-12890, and the
 * heartbeat purgatory):
 * - the join barrier lasts the group's rebalance timeout (the largest of its members');
 * - when it completes, every member is "pending sync" and must send SyncGroup within the rebalance
 *   timeout, in CompletingRebalance and still in Stable (a follower that never syncs after the
 *   leader did is dropped too); those who have not are removed and the group rebalances;
 * - from then on each member's session timeout runs (a parked JoinGroup/SyncGroup counts as alive);
 * - a new member waiting for its first join is dropped after 5 minutes (NewMemberJoinTimeoutMs) even
 *   if the rebalance timeout is longer.
 * A deadline counts as passed at now() >= deadline, and every expiry due is applied before any
 * request is handled, whether or not the timer has fired yet: so a rebalance timeout of 0 drops a
 * member that has not sent SyncGroup by the time the join completes, always, as Kafka's 0 ms
 * DelayedSync does (it expires before any SyncGroup can arrive), never "depending on timing".
 *
 * Deferred answers (join, sync) are delivered through callbacks. Expiry happens in tick(); a
 * scheduler, when given, calls tick() at the next deadline so a live broker needs no polling.
 */
import { ErrorCode } from '../protocol/errors';
import { randomUUID } from 'node:crypto';

/** Kafka error codes the coordinator answers with. */

export type GroupState = 'Empty' | 'PreparingRebalance' | 'CompletingRebalance' | 'Stable';
/** What DescribeGroups reports for a group the coordinator does not know. */
export const DEAD_STATE = 'Dead';

export interface ProtocolOffer {
  name: string;
  metadata: Buffer;
}

/** What a member says of itself when it joins, and what the group keeps of it. */
export interface MemberInfo {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: ProtocolOffer[];
}

export interface JoinRequest extends MemberInfo {
  groupId: string;
  /** JoinGroup v4+: a first join gets MEMBER_ID_REQUIRED plus an id to rejoin with. */
  requireKnownMemberId: boolean;
}

export interface JoinMember {
  memberId: string;
  groupInstanceId: string | null;
  metadata: Buffer;
}

export interface JoinResult {
  errorCode: number;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leader: string;
  memberId: string;
  /** Filled for the leader only. */
  members: JoinMember[];
}

export interface SyncRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  assignments: { memberId: string; assignment: Buffer }[];
}

export interface SyncResult {
  errorCode: number;
  assignment: Buffer;
}

export interface CommittedOffset {
  offset: number;
  leaderEpoch: number;
  metadata: string | null;
  commitTimestamp: number;
}

export interface OffsetCommitEntry {
  topic: string;
  partition: number;
  offset: number;
  leaderEpoch: number;
  metadata: string | null;
}

export interface OffsetCommitRequest {
  groupId: string;
  generationId: number;
  memberId: string;
  offsets: OffsetCommitEntry[];
}

export interface MemberDescription {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  metadata: Buffer;
  assignment: Buffer;
}

export interface GroupDescription {
  groupId: string;
  state: GroupState | typeof DEAD_STATE;
  protocolType: string;
  protocolData: string;
  members: MemberDescription[];
}

export interface Scheduler {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface CoordinatorOptions {
  now?: () => number;
  /** Calls tick() at the next deadline; without it the owner must call tick() itself. */
  scheduler?: Scheduler;
  /** Kafka's group.min.session.timeout.ms / group.max.session.timeout.ms. */
  minSessionTimeoutMs?: number;
  maxSessionTimeoutMs?: number;
  /** Kafka's offset.metadata.max.bytes. */
  maxMetadataBytes?: number;
  newMemberId?: (clientId: string) => string;
}

interface Member extends MemberInfo {
  assignment: Buffer;
  heartbeatDeadline: number;
  /** Has not yet completed a join: its deadline is the new-member join timeout, even while it waits. */
  isNew: boolean;
  awaitingJoin?: (r: JoinResult) => void;
  awaitingSync?: (r: SyncResult) => void;
}

interface Group {
  groupId: string;
  state: GroupState;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leaderId: string | null;
  /** In join order: the first member becomes leader. */
  members: Map<string, Member>;
  /** Ids handed out with MEMBER_ID_REQUIRED, with the time they lapse. */
  pendingMembers: Map<string, number>;
  /** End of the current join barrier (PreparingRebalance). */
  rebalanceDeadline: number | null;
  /** Members that have not sent SyncGroup for the current generation (Kafka's pendingSyncMembers). */
  pendingSync: Set<string>;
  /** When the pending-sync members are removed (Kafka's DelayedSync), or null. */
  syncDeadline: number | null;
  offsets: Map<string, Map<number, CommittedOffset>>;
}

const EMPTY = Buffer.alloc(0);

/** Kafka's GroupCoordinator.NewMemberJoinTimeoutMs: how long a new member may wait for its first join. */
export const NEW_MEMBER_JOIN_TIMEOUT_MS = 5 * 60 * 1000;

/**
 * Whether a member's heartbeat deadline can expire it now (Kafka's MemberMetadata.hasSatisfiedHeartbeat):
 * a parked JoinGroup or SyncGroup counts as alive, except for a new member waiting for its first join.
 */
function expires(m: Member): boolean {
  if (m.isNew) return true;
  return !m.awaitingJoin && !m.awaitingSync;
}

export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();
  private readonly now: () => number;
  private readonly scheduler?: Scheduler;
  private readonly minSession: number;
  private readonly maxSession: number;
  private readonly maxMetadataBytes: number;
  private readonly newMemberId: (clientId: string) => string;
  private timer: unknown;
  private timerAt = Infinity;
  private closed = false;

  constructor(opts: CoordinatorOptions = {}) {
    this.now = opts.now ?? Date.now;
    this.scheduler = opts.scheduler;
    this.minSession = opts.minSessionTimeoutMs ?? 6000;
    this.maxSession = opts.maxSessionTimeoutMs ?? 1800000;
    this.maxMetadataBytes = opts.maxMetadataBytes ?? 4096;
    this.newMemberId = opts.newMemberId ?? ((clientId) => `${clientId}-${randomUUID()}`);
  }

  // ---------------------------------------------------------------- JoinGroup

  join(req: JoinRequest, respond: (r: JoinResult) => void): void {
    this.expireDue();
    const fail = (errorCode: number, memberId = req.memberId): void =>
      respond({ errorCode, generationId: -1, protocolType: null, protocolName: null, leader: '', memberId, members: [] });

    if (req.groupId === '') return fail(ErrorCode.INVALID_GROUP_ID);
    if (req.sessionTimeoutMs < this.minSession || req.sessionTimeoutMs > this.maxSession) {
      return fail(ErrorCode.INVALID_SESSION_TIMEOUT);
    }
    if (req.protocolType === '' || req.protocols.length === 0) return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);

    const existing = this.groups.get(req.groupId);
    if (existing && !this.protocolsCompatible(existing, req)) return fail(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const group = existing ?? this.createGroup(req.groupId);
    const now = this.now();

    if (req.memberId === '') {
      const memberId = this.newMemberId(req.clientId);
      if (req.requireKnownMemberId) {
        group.pendingMembers.set(memberId, now + req.sessionTimeoutMs);
        this.reschedule();
        return fail(ErrorCode.MEMBER_ID_REQUIRED, memberId);
      }
      this.addMemberAndRebalance(group, memberId, req, respond);
    } else if (group.pendingMembers.has(req.memberId)) {
      group.pendingMembers.delete(req.memberId);
      this.addMemberAndRebalance(group, req.memberId, req, respond);
    } else {
      const member = group.members.get(req.memberId);
      if (!member) {
        if (!existing) this.groups.delete(group.groupId);
        return fail(ErrorCode.UNKNOWN_MEMBER_ID);
      }
      const same = sameProtocols(member.protocols, req.protocols);
      switch (group.state) {
        case 'PreparingRebalance':
          this.updateMember(member, req, respond);
          this.maybeCompleteJoin(group);
          break;
        case 'CompletingRebalance':
          if (same) {
            // The member lost our previous answer: give it the same one again.
            respond(this.joinResult(group, member.memberId));
          } else {
            this.updateMember(member, req, respond);
            this.prepareRebalance(group);
          }
          break;
        case 'Stable':
          if (member.memberId === group.leaderId || !same) {
            // The leader rejoining (e.g. it saw a metadata change) or new subscriptions: rebalance.
            this.updateMember(member, req, respond);
            this.prepareRebalance(group);
          } else {
            respond(this.joinResult(group, member.memberId));
          }
          break;
        case 'Empty':
          return fail(ErrorCode.UNKNOWN_MEMBER_ID);
      }
    }
    this.reschedule();
  }

  // ---------------------------------------------------------------- SyncGroup

  sync(req: SyncRequest, respond: (r: SyncResult) => void): void {
    this.expireDue();
    const group = this.groups.get(req.groupId);
    const member = group?.members.get(req.memberId);
    if (!group || !member) return respond({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
    if (req.generationId !== group.generationId) return respond({ errorCode: ErrorCode.ILLEGAL_GENERATION, assignment: EMPTY });

    switch (group.state) {
      case 'Empty':
        return respond({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
      case 'PreparingRebalance':
        return respond({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
      case 'Stable':
        this.syncReceived(group, member.memberId);
        this.touch(member);
        this.reschedule();
        return respond({ errorCode: ErrorCode.NONE, assignment: member.assignment });
      case 'CompletingRebalance': {
        if (member.awaitingSync) member.awaitingSync({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
        member.awaitingSync = respond;
        this.syncReceived(group, member.memberId);
        this.touch(member);
        if (member.memberId === group.leaderId) {
          const given = new Map(req.assignments.map((a) => [a.memberId, a.assignment]));
          const now = this.now();
          group.state = 'Stable';
          for (const m of group.members.values()) {
            m.assignment = given.get(m.memberId) ?? EMPTY;
            m.heartbeatDeadline = now + m.sessionTimeoutMs;
            const cb = m.awaitingSync;
            m.awaitingSync = undefined;
            cb?.({ errorCode: ErrorCode.NONE, assignment: m.assignment });
          }
        }
        this.reschedule();
      }
    }
  }

  // ---------------------------------------------------------------- Heartbeat

  heartbeat(groupId: string, memberId: string, generationId: number): number {
    this.expireDue();
    const group = this.groups.get(groupId);
    const member = group?.members.get(memberId);
    if (!group || !member) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    this.touch(member);
    this.reschedule();
    switch (group.state) {
      case 'PreparingRebalance':
        return ErrorCode.REBALANCE_IN_PROGRESS;
      case 'Empty':
        return ErrorCode.UNKNOWN_MEMBER_ID;
      default:
        return ErrorCode.NONE;
    }
  }

  // ---------------------------------------------------------------- LeaveGroup

  /** Removes members; returns an error code per member id, in order. */
  leave(groupId: string, memberIds: string[]): number[] {
    this.expireDue();
    const group = this.groups.get(groupId);
    const codes = memberIds.map((id) => {
      if (!group) return ErrorCode.UNKNOWN_MEMBER_ID;
      if (group.pendingMembers.delete(id)) return ErrorCode.NONE;
      if (!group.members.has(id)) return ErrorCode.UNKNOWN_MEMBER_ID;
      this.removeMember(group, id);
      return ErrorCode.NONE;
    });
    this.reschedule();
    return codes;
  }

  // ---------------------------------------------------------------- Offsets

  /** Stores offsets; returns one error code per entry, in order. */
  commitOffsets(req: OffsetCommitRequest): number[] {
    this.expireDue();
    const all = (code: number): number[] => req.offsets.map(() => code);
    let group = this.groups.get(req.groupId);
    if (req.groupId === '') return all(ErrorCode.INVALID_GROUP_ID);

    if (!group) {
      // A commit outside group management (admin tools, assign()-only consumers) creates the group.
      if (req.generationId >= 0) return all(ErrorCode.ILLEGAL_GENERATION);
      group = this.createGroup(req.groupId);
    } else if (!(req.generationId < 0 && group.state === 'Empty')) {
      // Same order of checks as Kafka, so clients see the error they expect first.
      if (group.state === 'CompletingRebalance') return all(ErrorCode.REBALANCE_IN_PROGRESS);
      const member = group.members.get(req.memberId);
      if (!member) return all(ErrorCode.UNKNOWN_MEMBER_ID);
      if (req.generationId !== group.generationId) return all(ErrorCode.ILLEGAL_GENERATION);
      this.touch(member);
    }

    const now = this.now();
    const g = group;
    const codes = req.offsets.map((o) => {
      if (o.metadata !== null && Buffer.byteLength(o.metadata) > this.maxMetadataBytes) return ErrorCode.OFFSET_METADATA_TOO_LARGE;
      let byPartition = g.offsets.get(o.topic);
      if (!byPartition) g.offsets.set(o.topic, (byPartition = new Map<number, CommittedOffset>()));
      byPartition.set(o.partition, { offset: o.offset, leaderEpoch: o.leaderEpoch, metadata: o.metadata, commitTimestamp: now });
      return ErrorCode.NONE;
    });
    this.reschedule();
    return codes;
  }

  /** The committed offset of one partition, or undefined when there is none. */
  committed(groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.groups.get(groupId)?.offsets.get(topic)?.get(partition);
  }

  /** Every committed offset of a group, by topic (OffsetFetch with null topics). */
  committedTopics(groupId: string): Map<string, Map<number, CommittedOffset>> {
    return this.groups.get(groupId)?.offsets ?? new Map<string, Map<number, CommittedOffset>>();
  }

  /** Drops offsets of a deleted topic from every group. */
  forgetTopic(topic: string): void {
    for (const g of this.groups.values()) g.offsets.delete(topic);
  }

  // ---------------------------------------------------------------- Admin

  listGroups(): { groupId: string; protocolType: string; state: GroupState }[] {
    return [...this.groups.values()].map((g) => ({ groupId: g.groupId, protocolType: g.protocolType ?? '', state: g.state }));
  }

  describe(groupId: string): GroupDescription {
    const g = this.groups.get(groupId);
    if (!g) return { groupId, state: DEAD_STATE, protocolType: '', protocolData: '', members: [] };
    const stable = g.state === 'Stable';
    return {
      groupId,
      state: g.state,
      protocolType: g.protocolType ?? '',
      // Kafka reports metadata, assignments and the chosen protocol only once the group is stable.
      protocolData: stable ? g.protocolName ?? '' : '',
      members: [...g.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: stable ? protocolMetadata(m, g.protocolName) : EMPTY,
        assignment: stable ? m.assignment : EMPTY,
      })),
    };
  }

  deleteGroup(groupId: string): number {
    const g = this.groups.get(groupId);
    if (!g) return ErrorCode.GROUP_ID_NOT_FOUND;
    if (g.state !== 'Empty' || g.members.size > 0) return ErrorCode.NON_EMPTY_GROUP;
    this.groups.delete(groupId);
    this.reschedule();
    return ErrorCode.NONE;
  }

  hasGroup(groupId: string): boolean {
    return this.groups.has(groupId);
  }

  // ---------------------------------------------------------------- Persistence

  /** Committed offsets only: membership does not survive a restart, as clients rejoin anyway. */
  saveOffsets(): { groupId: string; protocolType: string | null; offsets: [string, number, CommittedOffset][] }[] {
    return [...this.groups.values()]
      .filter((g) => g.offsets.size > 0)
      .map((g) => ({
        groupId: g.groupId,
        protocolType: g.protocolType,
        offsets: [...g.offsets].flatMap(([t, ps]) => [...ps].map(([p, c]) => [t, p, c] as [string, number, CommittedOffset])),
      }));
  }

  loadOffsets(data: ReturnType<GroupCoordinator['saveOffsets']>): void {
    for (const saved of data) {
      const g = this.groups.get(saved.groupId) ?? this.createGroup(saved.groupId);
      g.protocolType ??= saved.protocolType;
      for (const [t, p, c] of saved.offsets) {
        let ps = g.offsets.get(t);
        if (!ps) g.offsets.set(t, (ps = new Map<number, CommittedOffset>()));
        ps.set(p, { ...c });
      }
    }
  }

  // ---------------------------------------------------------------- Time

  /** Applies every expiry due at now(): session timeouts, lapsed pending ids, rebalance timeouts. */
  tick(): void {
    this.expireDue();
    this.reschedule();
  }

  private expireDue(): void {
    const now = this.now();
    for (const group of [...this.groups.values()]) {
      for (const [id, deadline] of group.pendingMembers) {
        if (deadline <= now) group.pendingMembers.delete(id);
      }
      for (const m of [...group.members.values()]) {
        if (expires(m) && m.heartbeatDeadline <= now && group.members.has(m.memberId)) {
          this.removeMember(group, m.memberId);
        }
      }
      if (group.rebalanceDeadline !== null && group.rebalanceDeadline <= now) {
        if (group.state === 'PreparingRebalance') {
          // Members that did not rejoin in time are out; the rest get their answers now.
          for (const m of [...group.members.values()]) if (!m.awaitingJoin) this.dropMember(group, m.memberId);
          group.pendingMembers.clear();
          this.completeJoin(group);
        }
      }
      if (group.syncDeadline !== null && group.syncDeadline <= now) {
        // Kafka's onExpirePendingSync: members that never sent SyncGroup are out; the group rebalances.
        const pending = [...group.pendingSync];
        group.syncDeadline = null;
        group.pendingSync.clear();
        if ((group.state === 'CompletingRebalance' || group.state === 'Stable') && pending.length > 0) {
          for (const id of pending) this.dropMember(group, id);
          this.prepareRebalance(group);
        }
      }
    }
  }

  /** The earliest pending deadline, or undefined when nothing can expire. */
  nextDeadline(): number | undefined {
    let next = Infinity;
    for (const g of this.groups.values()) {
      for (const d of g.pendingMembers.values()) next = Math.min(next, d);
      for (const m of g.members.values()) if (expires(m)) next = Math.min(next, m.heartbeatDeadline);
      if (g.rebalanceDeadline !== null) next = Math.min(next, g.rebalanceDeadline);
      if (g.syncDeadline !== null) next = Math.min(next, g.syncDeadline);
    }
    return next === Infinity ? undefined : next;
  }

  /** Stops the timer and releases every parked join or sync request with UNKNOWN_MEMBER_ID. */
  close(): void {
    this.closed = true;
    if (this.timer !== undefined) this.scheduler?.clearTimeout(this.timer);
    this.timer = undefined;
    for (const g of this.groups.values()) {
      for (const m of g.members.values()) {
        const join = m.awaitingJoin;
        const sync = m.awaitingSync;
        m.awaitingJoin = m.awaitingSync = undefined;
        join?.({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, generationId: -1, protocolType: null, protocolName: null, leader: '', memberId: m.memberId, members: [] });
        sync?.({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
      }
    }
  }

  // ---------------------------------------------------------------- internals

  private createGroup(groupId: string): Group {
    const g: Group = {
      groupId,
      state: 'Empty',
      generationId: 0,
      protocolType: null,
      protocolName: null,
      leaderId: null,
      members: new Map(),
      pendingMembers: new Map(),
      rebalanceDeadline: null,
      pendingSync: new Set(),
      syncDeadline: null,
      offsets: new Map(),
    };
    this.groups.set(groupId, g);
    return g;
  }

  private protocolsCompatible(group: Group, req: JoinRequest): boolean {
    if (group.members.size === 0) return true;
    if (group.protocolType !== null && group.protocolType !== req.protocolType) return false;
    // Some protocol must be supported by every member that would stay, plus this one.
    const others = [...group.members.values()].filter((m) => m.memberId !== req.memberId);
    return req.protocols.some((p) => others.every((m) => m.protocols.some((q) => q.name === p.name)));
  }

  private addMemberAndRebalance(group: Group, memberId: string, req: JoinRequest, respond: (r: JoinResult) => void): void {
    const member: Member = {
      memberId,
      groupInstanceId: req.groupInstanceId,
      clientId: req.clientId,
      clientHost: req.clientHost,
      sessionTimeoutMs: req.sessionTimeoutMs,
      rebalanceTimeoutMs: req.rebalanceTimeoutMs,
      protocolType: req.protocolType,
      protocols: req.protocols,
      assignment: EMPTY,
      heartbeatDeadline: this.now() + NEW_MEMBER_JOIN_TIMEOUT_MS,
      isNew: true,
      awaitingJoin: respond,
    };
    group.members.set(memberId, member);
    group.protocolType = req.protocolType;
    if (group.leaderId === null) group.leaderId = memberId;
    if (group.state === 'PreparingRebalance') this.maybeCompleteJoin(group);
    else this.prepareRebalance(group);
  }

  private updateMember(member: Member, req: JoinRequest, respond: (r: JoinResult) => void): void {
    if (member.awaitingJoin) {
      // A duplicate join replaces the parked one; the older request gets a retriable error.
      member.awaitingJoin({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, generationId: -1, protocolType: null, protocolName: null, leader: '', memberId: member.memberId, members: [] });
    }
    member.protocols = req.protocols;
    member.protocolType = req.protocolType;
    member.sessionTimeoutMs = req.sessionTimeoutMs;
    member.rebalanceTimeoutMs = req.rebalanceTimeoutMs;
    member.clientId = req.clientId;
    member.clientHost = req.clientHost;
    member.awaitingJoin = respond;
  }

  private prepareRebalance(group: Group): void {
    if (group.state === 'CompletingRebalance') {
      for (const m of group.members.values()) {
        const cb = m.awaitingSync;
        m.awaitingSync = undefined;
        cb?.({ errorCode: ErrorCode.REBALANCE_IN_PROGRESS, assignment: EMPTY });
      }
    }
    group.state = 'PreparingRebalance';
    group.pendingSync.clear(); // Kafka's removeSyncExpiration
    group.syncDeadline = null;
    const timeout = Math.max(0, ...[...group.members.values()].map((m) => m.rebalanceTimeoutMs));
    group.rebalanceDeadline = this.now() + timeout;
    this.maybeCompleteJoin(group);
  }

  private maybeCompleteJoin(group: Group): void {
    if (group.state !== 'PreparingRebalance') return;
    const everyoneIn = [...group.members.values()].every((m) => m.awaitingJoin !== undefined);
    if (everyoneIn && group.pendingMembers.size === 0) this.completeJoin(group);
  }

  private completeJoin(group: Group): void {
    group.generationId++;
    const now = this.now();
    if (group.members.size === 0) {
      group.state = 'Empty';
      group.protocolName = null;
      group.leaderId = null;
      group.rebalanceDeadline = null;
      return;
    }
    if (group.leaderId === null || !group.members.has(group.leaderId)) group.leaderId = group.members.keys().next().value ?? null;
    group.protocolName = selectProtocol([...group.members.values()]);
    group.state = 'CompletingRebalance';
    group.rebalanceDeadline = null;
    for (const m of group.members.values()) {
      m.heartbeatDeadline = now + m.sessionTimeoutMs;
      m.isNew = false;
      const cb = m.awaitingJoin;
      m.awaitingJoin = undefined;
      cb?.(this.joinResult(group, m.memberId));
    }
    // Kafka's schedulePendingSync: everyone owes a SyncGroup within the group's rebalance timeout.
    group.pendingSync = new Set(group.members.keys());
    group.syncDeadline = now + Math.max(0, ...[...group.members.values()].map((m) => m.rebalanceTimeoutMs));
  }

  private syncReceived(group: Group, memberId: string): void {
    group.pendingSync.delete(memberId);
    if (group.pendingSync.size === 0) group.syncDeadline = null;
  }

  private joinResult(group: Group, memberId: string): JoinResult {
    const isLeader = memberId === group.leaderId;
    return {
      errorCode: ErrorCode.NONE,
      generationId: group.generationId,
      protocolType: group.protocolType,
      protocolName: group.protocolName,
      leader: group.leaderId ?? '',
      memberId,
      members: isLeader
        ? [...group.members.values()].map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: protocolMetadata(m, group.protocolName) }))
        : [],
    };
  }

  /** Removes a member and lets the group react (rebalance, or finish a barrier). */
  private removeMember(group: Group, memberId: string): void {
    this.dropMember(group, memberId);
    switch (group.state) {
      case 'Stable':
      case 'CompletingRebalance':
        this.prepareRebalance(group);
        break;
      case 'PreparingRebalance':
        this.maybeCompleteJoin(group);
        break;
      case 'Empty':
        break;
    }
  }

  /** Removes a member without any state change; parked requests get UNKNOWN_MEMBER_ID. */
  private dropMember(group: Group, memberId: string): void {
    const m = group.members.get(memberId);
    if (!m) return;
    group.members.delete(memberId);
    this.syncReceived(group, memberId); // no longer owes a SyncGroup
    if (group.leaderId === memberId) group.leaderId = null;
    const join = m.awaitingJoin;
    const sync = m.awaitingSync;
    m.awaitingJoin = m.awaitingSync = undefined;
    join?.({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, generationId: -1, protocolType: null, protocolName: null, leader: '', memberId, members: [] });
    sync?.({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, assignment: EMPTY });
    if (group.leaderId === null && group.members.size > 0) {
      // Prefer a member that is already waiting, so the new leader gets the member list.
      const waiting = [...group.members.values()].find((x) => x.awaitingJoin);
      group.leaderId = (waiting ?? group.members.values().next().value)?.memberId ?? null;
    }
  }

  private touch(member: Member): void {
    member.heartbeatDeadline = this.now() + member.sessionTimeoutMs;
  }

  private reschedule(): void {
    if (!this.scheduler || this.closed) return;
    const next = this.nextDeadline() ?? Infinity;
    if (next === this.timerAt && this.timer !== undefined) return;
    if (this.timer !== undefined) this.scheduler.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = next;
    if (next === Infinity) return;
    this.timer = this.scheduler.setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.tick();
    }, Math.max(0, next - this.now()));
  }
}

function sameProtocols(a: ProtocolOffer[], b: ProtocolOffer[]): boolean {
  return a.length === b.length && a.every((p, i) => p.name === b[i].name && p.metadata.equals(b[i].metadata));
}

function protocolMetadata(m: Member, protocol: string | null): Buffer {
  return m.protocols.find((p) => p.name === protocol)?.metadata ?? EMPTY;
}

/** Kafka's vote: each member names its most preferred protocol that all members support. */
export function selectProtocol(members: { protocols: ProtocolOffer[] }[]): string | null {
  if (members.length === 0) return null;
  const candidates = members[0].protocols.map((p) => p.name).filter((name) => members.every((m) => m.protocols.some((p) => p.name === name)));
  if (candidates.length === 0) return null;
  const votes = new Map<string, number>();
  for (const m of members) {
    const choice = m.protocols.find((p) => candidates.includes(p.name));
    if (choice) votes.set(choice.name, (votes.get(choice.name) ?? 0) + 1);
  }
  let best = candidates[0];
  for (const c of candidates) if ((votes.get(c) ?? 0) > (votes.get(best) ?? 0)) best = c;
  return best;
}
