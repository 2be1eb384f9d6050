import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { Logger, PARAMS_PROVIDER_TOKEN, type Params, PinoLogger } from 'nestjs-pino';

/** Nest's own boot chatter: one line per module and per route, useful only when debugging. */
const FRAMEWORK_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/** The nestjs-pino logger, with Nest's framework messages demoted from info to debug. */
@Injectable()
export class AppLogger extends Logger {
  constructor(logger: PinoLogger, @Inject(PARAMS_PROVIDER_TOKEN) params: Params) {
    super(logger, params);
  }

  override log(message: unknown, ...optionalParams: unknown[]): void {
    const context = optionalParams[optionalParams.length - 1];
    if (typeof context === 'string' && FRAMEWORK_CONTEXTS.has(context))
      return super.debug(message, ...optionalParams);
    super.log(message, ...optionalParams);
  }
}

@Global()
@Module({ providers: [AppLogger], exports: [AppLogger] })
export class AppLoggerModule {}
