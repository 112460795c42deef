/** Bounds the notification parsers apply to runaway or hostile input. */
export interface NotificationLimits {
  /** Records accepted in one notification; more reject it whole (default 10,000). */
  readonly maxRecords?: number;
  /** Nesting depth of JSON text accepted (default 64; S3 events nest about 5 deep). */
  readonly maxDepth?: number;
}

/** The limits used where {@link NotificationLimits} leaves one out. */
export const DEFAULT_NOTIFICATION_LIMITS: Required<NotificationLimits> = {
  maxRecords: 10_000,
  maxDepth: 64,
};
