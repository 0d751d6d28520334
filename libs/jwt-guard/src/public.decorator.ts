import { SetMetadata } from '@nestjs/common';
import { PUBLIC_KEY } from './jwt-guard.constants.js';

/**
 * Opts a route or a controller out of the global JWT guard.
 * @example
 * @Public() @Get('status') status() { return { status: 'ok' }; }
 */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
