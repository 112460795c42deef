import type { TopicPartition } from '../offsets/partition-progress.js';

/** Where the consumer is in its life. */
export type ConsumerState = 'starting' | 'consuming' | 'retrying' | 'reconnecting' | 'stopping' | 'stopped';

/** Running totals since start-up. */
export interface ConsumerCounters {
  /** Messages whose work finished (applied, or recorded as permanently failed). */
  messages: number;
  records: number;
  /** Messages that can never be applied (malformed, or a dataset whose content cannot be indexed). */
  permanentFailures: number;
  deadLettered: number;
  /** Attempts repeated after a transient failure. */
  retries: number;
  commits: number;
  /** Times this member's assignment was replaced: each rebalance it took part in, and each loss of its partitions (leaving, a lost connection). */
  rebalances: number;
}

/** What `/ready` and the logs say about the consumer. */
export interface ConsumerStatus {
  readonly state: ConsumerState;
  readonly detail: string;
  readonly assignedPartitions: number;
  /** The partitions assigned to this member now. */
  readonly partitions: readonly TopicPartition[];
  readonly inFlight: number;
  readonly counters: Readonly<ConsumerCounters>;
}

/**
 * How far the group is behind on one partition assigned to this member. (Declared apart from the
 * lag reading, which needs the client's types: a public type here keeps a library user's `tsc` from
 * loading `@platformatic/kafka`'s declarations, which need an undeclared `@types/debug`.)
 */
export interface PartitionLag extends TopicPartition {
  /** Messages between the group's committed offset and the partition's end (0 when caught up). */
  readonly lag: number;
}
