import type { Logger } from '@dtool-notify/domain';
import { createDserverDatasetIndex, type DserverDatasetIndex } from '@dtool-notify/adapter-dserver';
import { createMongoDatasetIndex, createMongoDocumentRemover, type MongoDatasetIndex } from '@dtool-notify/adapter-mongo';
import type { RuntimeConfig } from '../config/runtime-config.js';

/** The index the service writes to, as `DSERVER_NOTIFY_INDEX` chose it. */
export type ServiceIndex = MongoDatasetIndex | DserverDatasetIndex;

/**
 * Creates the configured index. dserver: every change goes through its REST API; when
 * `SEARCH_MONGO_URI` is set, a deletion also removes the document from its Mongo plugins'
 * collection, which dserver-search-plugin-mongo and dserver-retrieve-plugin-mongo 0.4.2
 * never do (`DELETE /uris/<uri>` leaves the dataset searchable there), and the sync tickets
 * live there too, so several instances stay correct (docs/multi-instance.md); without it
 * the tickets are held in the process, right for one instance only. `adoptAtStartUp`: see
 * `MongoDatasetIndexOptions` (a sync leaves it to its pass over the base URI).
 */
export async function createIndex(config: RuntimeConfig, logger: Logger, { adoptAtStartUp }: { readonly adoptAtStartUp: boolean }): Promise<ServiceIndex> {
  const { service, dserver } = config;
  if (service.index === 'mongo' || dserver === undefined) return createMongoDatasetIndex({ ...service.mongo, adoptAtStartUp, logger });
  const baseUris = [...service.bucketToBaseUri.values()];
  if (!dserver.removeFromSearchMongo) return createDserverDatasetIndex({ settings: dserver.settings, baseUris, logger });
  const remover = createMongoDocumentRemover(service.mongo);
  const index = await createDserverDatasetIndex({ settings: dserver.settings, baseUris, syncTickets: remover.syncTickets, logger });
  return {
    ...index,
    async deleteByUri(uri) {
      const existed = await index.deleteByUri(uri);
      return (await remover.removeByUri(uri)) > 0 || existed;
    },
    async close() {
      await index.close();
      await remover.close();
    },
  };
}
