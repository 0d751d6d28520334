import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUrl,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { Bool, Int, TrimUrl } from './env.transforms.js';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];

const httpUrl = { require_tld: false, require_protocol: true, protocols: ['http', 'https'] };

/** Variables every app reads, with their defaults (README.md, "Configuration"). */
export class CommonEnv {
  @IsIn(NODE_ENVS)
  NODE_ENV: NodeEnv = 'development';

  @IsString()
  HOST = '127.0.0.1';

  @TrimUrl()
  @IsUrl(httpUrl)
  AUTH_URL = 'http://localhost:3001';

  @TrimUrl()
  @IsUrl(httpUrl)
  API_URL = 'http://localhost:3000';

  @TrimUrl()
  @IsUrl(httpUrl)
  MCP_URL = 'http://localhost:3002';

  /**
   * With NODE_ENV=production, accept a loopback (`localhost`, `*.localhost`, 127.0.0.0/8, `[::1]`) public URL: a local
   * trial of a production build only, since tokens then name a loopback issuer or audience.
   */
  @Bool()
  @IsBoolean()
  ALLOW_LOOPBACK_URLS = false;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgresql:// URL' })
  DATABASE_URL?: string;

  @IsString()
  DATA_DIR = '.data';

  @Int()
  @IsInt()
  @Min(1)
  @Max(65535)
  EMBEDDED_DB_PORT = 5433;
}
