/** A partition of a topic, as the consumer group assigns it. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** The offset to commit for one partition: the next one to read, every earlier one done. */
export interface CommittableOffset extends TopicPartition {
  readonly offset: bigint;
}

/** A ticket for one message's work: handed back when that work is done. */
export interface WorkTicket {
  complete(): void;
}

/**
 * What has been done on each assigned partition, so that a commit never passes a message
 * whose work is unfinished: the committable offset is the lowest unfinished one, or one past
 * the highest finished when none is pending. Messages of one partition arrive in offset order
 * from its committed offset, so every offset below that mark was received and finished.
 */
export interface PartitionProgress {
  /** Replaces the assignment: partitions kept keep their state, the others are forgotten. */
  assign(partitions: readonly TopicPartition[]): void;
  /** True when the partition is assigned now. */
  isAssigned(topicPartition: TopicPartition): boolean;
  /**
   * Records that work on a message begins. `undefined` when its partition is not assigned
   * (a message fetched before a rebalance took the partition away: its new owner will do it).
   */
  begin(topicPartition: TopicPartition, offset: bigint): WorkTicket | undefined;
  /** The offsets that may be committed now and have moved since the last {@link committed}. */
  committable(): CommittableOffset[];
  /** Records a successful commit. */
  committed(offsets: readonly CommittableOffset[]): void;
  /** Messages begun and not yet complete, over all partitions. */
  pendingCount(): number;
}

interface PartitionState {
  readonly pending: Set<bigint>;
  highestCompleted: bigint;
  lastCommitted: bigint;
}

/** Creates an empty {@link PartitionProgress}. */
export function createPartitionProgress(): PartitionProgress {
  // By topic, then partition: looked up for every message, so no key string is built per look-up.
  let states = new Map<string, Map<number, PartitionState>>();
  const stateOf = ({ topic, partition }: TopicPartition): PartitionState | undefined => states.get(topic)?.get(partition);
  const watermark = (state: PartitionState): bigint | undefined => {
    // Nothing finished under this assignment: nothing new to say (the group's offset stands).
    if (state.highestCompleted < 0n) return undefined;
    if (state.pending.size === 0) return state.highestCompleted + 1n;
    let lowest: bigint | undefined;
    for (const offset of state.pending) if (lowest === undefined || offset < lowest) lowest = offset;
    return lowest;
  };

  return {
    assign(partitions) {
      const next = new Map<string, Map<number, PartitionState>>();
      for (const topicPartition of partitions) {
        const byPartition = next.get(topicPartition.topic) ?? new Map<number, PartitionState>();
        byPartition.set(topicPartition.partition, stateOf(topicPartition) ?? { pending: new Set(), highestCompleted: -1n, lastCommitted: -1n });
        next.set(topicPartition.topic, byPartition);
      }
      states = next;
    },
    isAssigned: (topicPartition) => stateOf(topicPartition) !== undefined,
    begin(topicPartition, offset) {
      const state = stateOf(topicPartition);
      if (state === undefined) return undefined;
      state.pending.add(offset);
      let done = false;
      return {
        complete() {
          if (done) return;
          done = true;
          // A state replaced by a later assignment is gone from `states`: its updates are moot.
          state.pending.delete(offset);
          if (offset > state.highestCompleted) state.highestCompleted = offset;
        },
      };
    },
    committable() {
      const offsets: CommittableOffset[] = [];
      for (const [topic, byPartition] of states) {
        for (const [partition, state] of byPartition) {
          const offset = watermark(state);
          if (offset !== undefined && offset > state.lastCommitted) offsets.push({ topic, partition, offset });
        }
      }
      return offsets;
    },
    committed(offsets) {
      for (const committedOffset of offsets) {
        const state = stateOf(committedOffset);
        if (state !== undefined && committedOffset.offset > state.lastCommitted) state.lastCommitted = committedOffset.offset;
      }
    },
    pendingCount: () => [...states.values()].reduce((sum, byPartition) => sum + [...byPartition.values()].reduce((count, state) => count + state.pending.size, 0), 0),
  };
}
