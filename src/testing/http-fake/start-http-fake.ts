import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FakeHttpRequest } from './fake-http-request.js';
import { loggedRequest } from './request-log.js';
import { sendJson } from './send-json.js';

/** Answers one request whose body has been read; `requestId` is `req_fake_<n>`, counted per server. */
export type HttpFakeRoute = (
  res: ServerResponse,
  request: FakeHttpRequest,
  requestId: string,
) => void | Promise<void>;

/** How a fake model server answers; everything else (logging, sockets, closing) is shared. */
export interface HttpFakeOptions {
  /** Port on 127.0.0.1 (default 0: any free port). */
  readonly port?: number | undefined;
  /** Routes keyed by `'<METHOD> <path>'`, e.g. `'POST /v1/messages'`. */
  readonly routes: Readonly<Record<string, HttpFakeRoute>>;
  /** The header that carries the request id on JSON answers (`request-id`, `x-request-id`). */
  readonly requestIdHeader: string;
  /** The provider's JSON error body: 404 for an unknown route, 500 when a route throws. */
  readonly errorBody: (status: 404 | 500, requestId: string, message: string) => unknown;
  /** Answers a protocol upgrade on its raw socket (the request is logged first); default: none. */
  readonly onUpgrade?: (socket: Duplex) => void;
}

/** The shared part of a running fake server. */
export interface HttpFake {
  /** `http://127.0.0.1:PORT`, no trailing slash. */
  readonly url: string;
  /** Every request received, in order (upgrades included). */
  readonly requests: readonly FakeHttpRequest[];
  /** Stops the server and destroys open sockets (hanging streams included); idempotent. */
  close(): Promise<void>;
}

/**
 * Starts an HTTP server on 127.0.0.1 that logs every request, answers it by route and keeps track
 * of its sockets, so `close()` ends even while a response hangs.
 *
 * @example
 * ```ts
 * const fake = await startHttpFake({
 *   routes: { 'GET /ping': (res) => res.end('pong') },
 *   requestIdHeader: 'request-id',
 *   errorBody: (status, requestId, message) => ({ status, requestId, message }),
 * });
 * await fetch(`${fake.url}/ping`);
 * await fake.close();
 * ```
 */
export async function startHttpFake(options: HttpFakeOptions): Promise<HttpFake> {
  const requests: FakeHttpRequest[] = [];
  const sockets = new Set<Duplex>();
  const { routes, requestIdHeader, errorBody, onUpgrade } = options;
  let requestCount = 0;

  const handle = async (req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> => {
    requestCount += 1;
    const requestId = `req_fake_${requestCount}`;
    const request = loggedRequest(req, raw);
    requests.push(request);
    const { method, path } = request;
    const route = Object.hasOwn(routes, `${method} ${path}`)
      ? routes[`${method} ${path}`]
      : undefined;
    if (route !== undefined) {
      await route(res, request, requestId);
    } else {
      const body = errorBody(404, requestId, `Not found: ${method} ${path}`);
      sendJson(res, 404, body, { [requestIdHeader]: requestId });
    }
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('error', () => res.destroy());
    res.on('error', () => {});
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      handle(req, res, Buffer.concat(chunks).toString('utf8')).catch((error: unknown) => {
        const text = error instanceof Error ? error.message : String(error);
        if (!res.headersSent) {
          const body = errorBody(500, 'req_fake', text);
          sendJson(res, 500, body, { [requestIdHeader]: 'req_fake' });
        } else res.destroy();
      });
    });
  });
  if (onUpgrade !== undefined) {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
      requests.push(loggedRequest(req, ''));
      socket.on('error', () => {});
      onUpgrade(socket);
    });
  }
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  let closing: Promise<void> | undefined;

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}
