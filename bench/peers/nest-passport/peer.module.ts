import { Module, type DynamicModule } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import type { PeerOptions } from '../peer.options.js';
import { JwtStrategy, PEER_OPTIONS } from './jwt.strategy.js';
import { MeController } from './me.controller.js';

@Module({})
export class PeerModule {
  static forRoot(options: PeerOptions): DynamicModule {
    return {
      module: PeerModule,
      imports: [PassportModule],
      controllers: [MeController],
      providers: [{ provide: PEER_OPTIONS, useValue: options }, JwtStrategy],
    };
  }
}
