import type { ClientDiscovery, OAuthOptions, Scope } from '@better-auth/oauth-provider';
import { registerClientMetadataDocument } from '@better-auth/oauth-provider/internal';
import { APIError } from 'better-auth/api';
import {
  CimdFetchError,
  fetchClientMetadataDocument,
  isClientIdUrl,
  type CimdFetchPolicy,
} from './cimd.fetch.js';

/** Provenance id stored on clients that came from a metadata document. */
export const CIMD_DISCOVERY_ID = 'cimd';

/** Seconds a fetched document is trusted before it is fetched again. */
export const CIMD_CACHE_S = 3600;

type Client = Parameters<ClientDiscovery['resolve']>[2];

function isFresh(client: NonNullable<Client>, now: number): boolean {
  const updated = client.updatedAt ? new Date(client.updatedAt).getTime() : 0;
  return now - updated < CIMD_CACHE_S * 1000;
}

/**
 * Client ID Metadata Documents (the MCP specification's default registration): a `client_id`
 * that is an https URL is resolved by fetching that URL (cimd.fetch.ts). The client is stored
 * like a registered one and fetched again once {@link CIMD_CACHE_S} old; a refetch that fails
 * leaves the stored copy in use until then only.
 */
export function cimdDiscovery(
  options: () => OAuthOptions<Scope[]>,
  policy: CimdFetchPolicy,
): ClientDiscovery {
  return {
    id: CIMD_DISCOVERY_ID,
    matches: isClientIdUrl,
    discoveryMetadata: { client_id_metadata_document_supported: true },
    resolve: async (ctx, clientId, existing) => {
      if (existing && existing.clientDiscoveryId !== CIMD_DISCOVERY_ID) return null;
      if (existing && isFresh(existing, Date.now())) return existing;
      let metadata: Record<string, unknown>;
      try {
        metadata = await fetchClientMetadataDocument(clientId, policy);
      } catch (error) {
        if (!(error instanceof CimdFetchError)) throw error;
        throw new APIError('BAD_REQUEST', {
          error: 'invalid_client',
          error_description: error.message,
        });
      }
      const { client } = await registerClientMetadataDocument(ctx, options(), {
        clientId,
        clientDiscoveryId: CIMD_DISCOVERY_ID,
        metadata: metadata as never,
        existingClient: existing ?? undefined,
      });
      return client;
    },
  };
}
