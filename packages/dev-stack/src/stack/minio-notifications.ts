import { PutBucketNotificationConfigurationCommand, type S3Client } from '@aws-sdk/client-s3';

/** The MinIO notification target id the local stack configures. */
export const MINIO_TARGET_ID = 'DTOOLNOTIFY';

/** Options of {@link minioNotifyEnvironment}. */
export interface MinioNotifyTargets {
  /** `http://host:port` of the service. */
  readonly serviceUrl: string;
  readonly webhook?: boolean;
  /** MinIO's Elasticsearch target format, or absent for none. */
  readonly elasticsearch?: 'access' | 'namespace';
  readonly authToken?: string;
  /** Where MinIO keeps undelivered events (so nothing is lost while the service is down). */
  readonly queueDir?: string;
  /** A Kafka target: MinIO publishes every event to `topic` on these brokers. */
  readonly kafka?: MinioKafkaTarget;
}

/** Where MinIO's Kafka target publishes. */
export interface MinioKafkaTarget {
  /** `host:port[,host:port…]` */
  readonly brokers: string;
  readonly topic: string;
  /** Where MinIO keeps events while no broker answers (without it they are dropped then). */
  readonly queueDir?: string;
}

/** The `MINIO_NOTIFY_*` variables that point MinIO's webhook / Elasticsearch targets at the service. */
export function minioNotifyEnvironment(targets: MinioNotifyTargets): Record<string, string> {
  const id = MINIO_TARGET_ID;
  const env: Record<string, string> = {};
  if (targets.webhook !== false) {
    env[`MINIO_NOTIFY_WEBHOOK_ENABLE_${id}`] = 'on';
    env[`MINIO_NOTIFY_WEBHOOK_ENDPOINT_${id}`] = `${targets.serviceUrl}/webhook/notify`;
    if (targets.authToken !== undefined) env[`MINIO_NOTIFY_WEBHOOK_AUTH_TOKEN_${id}`] = targets.authToken;
    if (targets.queueDir !== undefined) env[`MINIO_NOTIFY_WEBHOOK_QUEUE_DIR_${id}`] = `${targets.queueDir}/webhook`;
  }
  if (targets.elasticsearch !== undefined) {
    env[`MINIO_NOTIFY_ELASTICSEARCH_ENABLE_${id}`] = 'on';
    env[`MINIO_NOTIFY_ELASTICSEARCH_URL_${id}`] = `${targets.serviceUrl}/elastic-search`;
    env[`MINIO_NOTIFY_ELASTICSEARCH_FORMAT_${id}`] = targets.elasticsearch;
    env[`MINIO_NOTIFY_ELASTICSEARCH_INDEX_${id}`] = 'dtool';
    if (targets.queueDir !== undefined) env[`MINIO_NOTIFY_ELASTICSEARCH_QUEUE_DIR_${id}`] = `${targets.queueDir}/elasticsearch`;
  }
  if (targets.kafka !== undefined) {
    env[`MINIO_NOTIFY_KAFKA_ENABLE_${id}`] = 'on';
    env[`MINIO_NOTIFY_KAFKA_BROKERS_${id}`] = targets.kafka.brokers;
    env[`MINIO_NOTIFY_KAFKA_TOPIC_${id}`] = targets.kafka.topic;
    if (targets.kafka.queueDir !== undefined) env[`MINIO_NOTIFY_KAFKA_QUEUE_DIR_${id}`] = targets.kafka.queueDir;
  }
  return env;
}

/** Subscribes the configured targets to every object creation and removal in `bucket`. */
export async function subscribeBucket(
  client: S3Client,
  bucket: string,
  targets: { readonly webhook?: boolean; readonly elasticsearch?: boolean; readonly kafka?: boolean },
): Promise<void> {
  const arns = [
    ...(targets.webhook !== false ? [`arn:minio:sqs::${MINIO_TARGET_ID}:webhook`] : []),
    ...(targets.elasticsearch === true ? [`arn:minio:sqs::${MINIO_TARGET_ID}:elasticsearch`] : []),
    ...(targets.kafka === true ? [`arn:minio:sqs::${MINIO_TARGET_ID}:kafka`] : []),
  ];
  const command = new PutBucketNotificationConfigurationCommand({
    Bucket: bucket,
    NotificationConfiguration: {
      QueueConfigurations: arns.map((arn, position) => ({
        Id: `dtool-notify-${position}`,
        QueueArn: arn,
        Events: ['s3:ObjectCreated:*', 's3:ObjectRemoved:*'],
      })),
    },
  });
  // MinIO registers a target with a queue directory in the background after it answers its
  // health check; until then the target's ARN "does not exist".
  for (let attempt = 1; ; attempt += 1) {
    try {
      await client.send(command);
      return;
    } catch (error) {
      if ((error as { name?: string }).name !== 'InvalidArgument' || attempt >= 40) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
