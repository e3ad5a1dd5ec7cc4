import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../container.js';
import type { Limits } from '../shared/limits.js';

/** What every domain's route plugin receives: the services and the request limits, nothing else. */
export interface RouteDeps {
  services: Services;
  limits: Limits;
}

export type RoutePlugin = (app: FastifyInstance, deps: RouteDeps) => void;

declare module 'fastify' {
  interface FastifyRequest {
    /** Absolute base URL for links in this response. */
    baseUrl: string;
  }
}

export type Req<P = Record<string, string>, B = unknown, Q = Record<string, string | undefined>> = FastifyRequest<{
  Params: P;
  Body: B;
  Querystring: Q;
}>;
export type Rep = FastifyReply;
