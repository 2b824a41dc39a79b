/**
 * `GET /metrics` (Prometheus text format) and the readiness check behind `GET /readyz`.
 * With METRICS_TOKEN set, /metrics wants `Authorization: Bearer <token>` (compared in constant time);
 * /healthz stays the liveness check (the process answers), /readyz says whether to send it traffic.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Store } from '../core/store.js';
import type { PrometheusMetrics } from '../metrics/prometheus.js';
import { sendJson, type HttpRequest, type HttpRoute } from './http.js';

export const METRICS_PATH = '/metrics';

/** How long the readiness probe waits for the store: well under a probe's usual 1 s timeout. */
export const READY_PROBE_TIMEOUT_MS = 500;

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Whether the request carries the bearer token; equal-length digests keep the comparison constant-time. */
export function bearerMatches(header: string | undefined, token: string): boolean {
  const m = /^Bearer +(\S+) *$/i.exec(header ?? '');
  return timingSafeEqual(digest(m?.[1] ?? ''), digest(token)) && m !== null;
}

export function metricsRoute(metrics: PrometheusMetrics, token: string | undefined): HttpRoute {
  return {
    method: 'GET',
    path: METRICS_PATH,
    async handler(req: HttpRequest, res: ServerResponse) {
      if (token !== undefined && !bearerMatches(req.headers.authorization, token)) {
        res.setHeader('www-authenticate', 'Bearer realm="metrics"');
        sendJson(res, 401, { error: 'unauthorized' });
        return;
      }
      const { contentType, body } = await metrics.render();
      res.writeHead(200, { 'content-type': contentType, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
      res.end(body);
    },
  };
}

export interface Readiness {
  ready: boolean;
  /** What is not ready, when something is not. */
  reason?: 'draining' | 'store' | 'content';
}

/** Ready while not draining, content is loaded and the store answers a read within the probe timeout. */
export async function readiness(parts: { draining: () => boolean; store: Store; contentLoaded: () => boolean }): Promise<Readiness> {
  if (parts.draining()) return { ready: false, reason: 'draining' };
  if (!parts.contentLoaded()) return { ready: false, reason: 'content' };
  return (await parts.store.ping(READY_PROBE_TIMEOUT_MS)) ? { ready: true } : { ready: false, reason: 'store' };
}
