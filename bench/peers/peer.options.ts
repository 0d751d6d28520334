/** What every peer is told (as JSON in argv[2]): where it listens and how to verify tokens. */
export interface PeerOptions {
  port: number;
  jwksUri: string;
  issuer: string;
  audience: string;
  algorithms: string[];
  /** The `provider` the reference's `/me` body names (the kit's api says which provider vouched). */
  provider?: string;
}

/** Reads the options the bench passes to a peer on its command line. */
export function peerOptions(argv = process.argv): PeerOptions {
  const options = JSON.parse(argv[2] ?? '{}') as Partial<PeerOptions>;
  for (const key of ['port', 'jwksUri', 'issuer', 'audience', 'algorithms'] as const) {
    if (options[key] === undefined) throw new Error(`peer option ${key} is missing`);
  }
  return options as PeerOptions;
}
