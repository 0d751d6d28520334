/** A database for the bench's auth server: PLACEHOLDER until test/support/database.ts lands. */
export async function benchDatabase(): Promise<{
  url: string;
  description: string;
  stop(): Promise<void>;
}> {
  return {
    url: 'postgresql://postgres@127.0.0.1:5432/test',
    description: 'placeholder',
    stop: async () => {},
  };
}
