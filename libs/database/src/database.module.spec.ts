import { Test } from '@nestjs/testing';
import type { DatabaseConfig } from '#config';
import { startTestDatabase, type TestDatabase } from '../../../test/support/database.js';
import { freePort } from '../../../test/support/ports.js';
import { DatabaseModule } from './database.module.js';
import { databaseUrl } from './database.url.js';
import { PrismaService } from './prisma.service.js';

describe('DatabaseModule', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await startTestDatabase();
  }, 90_000);
  afterAll(() => db?.stop());

  const config = (url: string): DatabaseConfig => ({ url, dataDir: '.data', embeddedPort: 5433 });

  it('forRoot: PrismaService reaches the database and reads the migrated tables', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [DatabaseModule.forRoot(config(db.url))],
    }).compile();
    const prisma = moduleRef.get(PrismaService);
    try {
      await expect(prisma.isReachable()).resolves.toBe(true);
      const note = await prisma.note.create({ data: { ownerId: 'u1', title: 'hello' } });
      expect(note).toMatchObject({ ownerId: 'u1', title: 'hello', body: '' });
      await expect(prisma.note.count({ where: { ownerId: 'u1' } })).resolves.toBe(1);
    } finally {
      await moduleRef.close();
    }
  });

  it('forRootAsync: options from a factory; an unreachable server reports false, never throws', async () => {
    const closedPort = await freePort();
    const moduleRef = await Test.createTestingModule({
      imports: [
        DatabaseModule.forRootAsync({
          useFactory: () => config(`postgresql://postgres:postgres@127.0.0.1:${closedPort}/none`),
        }),
      ],
    }).compile();
    const prisma = moduleRef.get(PrismaService);
    try {
      await expect(prisma.isReachable()).resolves.toBe(false);
    } finally {
      await moduleRef.close();
    }
  });
});

describe('databaseUrl', () => {
  it('is DATABASE_URL when set, else the embedded server on loopback', () => {
    expect(databaseUrl({ url: 'postgresql://u@h/db', dataDir: '.data', embeddedPort: 5433 })).toBe(
      'postgresql://u@h/db',
    );
    expect(databaseUrl({ dataDir: '.data', embeddedPort: 5544 })).toBe(
      'postgresql://postgres:postgres@127.0.0.1:5544/postgres',
    );
  });
});
