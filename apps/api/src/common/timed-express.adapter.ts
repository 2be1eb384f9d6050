import { createServer } from 'node:http';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { AppSettings } from '../config/config.schema.js';

/**
 * The Express adapter with an HTTP server that does not let slow clients hold sockets: Nest's own
 * adapter calls `http.createServer(app)` without options, so Node's defaults apply (60 s for
 * headers, 300 s for the request, checked only every 30 s). Here the limits come from the
 * configuration and are checked every second.
 */
export class TimedExpressAdapter extends ExpressAdapter {
  constructor(private readonly timeouts: AppSettings['httpTimeouts']) {
    super();
  }

  /** Replaces Nest's; this app uses none of its options (https, return503OnClosing, forceCloseConnections). */
  override initHttpServer(): void {
    this.httpServer = createServer(
      {
        headersTimeout: this.timeouts.headersMs,
        requestTimeout: this.timeouts.requestMs,
        keepAliveTimeout: this.timeouts.keepAliveMs,
        connectionsCheckingInterval: Math.min(1000, this.timeouts.headersMs),
      },
      this.getInstance(),
    );
  }
}
