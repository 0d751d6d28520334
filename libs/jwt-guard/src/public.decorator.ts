import { SetMetadata } from '@nestjs/common';
import { PUBLIC_KEY } from './jwt-guard.constants.js';

/** Opts a route or a controller out of the global JWT guard. */
export const Public = () => SetMetadata(PUBLIC_KEY, true);
