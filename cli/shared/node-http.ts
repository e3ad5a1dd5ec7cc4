// The CLI's HTTP transport: node:http / node:https behind the small part of fetch's interface BrokerClient uses.
// Not Node's fetch, measured on Node 20 (bench/cli-startup.ts): its first request loads undici's JavaScript and
// compiles its WebAssembly HTTP parser (~100-300 ms), and V8 optimising that WebAssembly in the background then holds
// the process's exit back by up to a second or two on a busy CI machine. A pipeline pays the start-up on every step.
// Like fetch: redirects followed (the credentials dropped when the origin changes), connection failures rejected as
// TypeError('fetch failed', { cause }) so BrokerClient reads the cause's code the same way.
// node:http and node:https are imported on the first request, by protocol: https brings tls and crypto, which
// `treaty --version`, `--help` or a usage error never need (about a tenth of the start-up).
import type { IncomingMessage, RequestOptions } from 'node:http';

export interface HeadersLike {
  get(name: string): string | null;
}

export interface ResponseLike {
  status: number;
  headers: HeadersLike;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

export interface RequestInitLike {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** What BrokerClient needs of fetch; the global fetch fits it too (tests inject their own). */
export type FetchLike = (url: string, init: RequestInitLike) => Promise<ResponseLike>;

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 5;

function failed(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

function responseOf(res: IncomingMessage, body: Buffer): ResponseLike {
  return {
    status: res.statusCode ?? 0,
    headers: {
      get(name) {
        const value = res.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    },
    text: async () => body.toString('utf8'),
    arrayBuffer: async () => body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer,
  };
}

async function sender(protocol: string) {
  if (protocol === 'http:') return (await import('node:http')).request;
  if (protocol === 'https:') return (await import('node:https')).request;
  throw failed(new Error(`unsupported protocol ${protocol}`));
}

async function once(url: URL, method: string, headers: Record<string, string>, body: Buffer | undefined): Promise<{ res: IncomingMessage; body: Buffer }> {
  const send = await sender(url.protocol);
  return new Promise((resolve, reject) => {
    const options: RequestOptions = { method, headers: body === undefined ? headers : { ...headers, 'content-length': String(body.length) } };
    const req = send(url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ res, body: Buffer.concat(chunks) }));
      res.on('error', (error) => reject(failed(error)));
    });
    req.on('error', (error) => reject(failed(error)));
    req.end(body);
  });
}

export const nodeFetch: FetchLike = async (input, init) => {
  let url: URL;
  try {
    url = new URL(input);
  } catch (error) {
    throw failed(error);
  }
  let method = (init.method ?? 'GET').toUpperCase();
  let headers: Record<string, string> = { ...init.headers };
  let body = init.body === undefined ? undefined : Buffer.from(init.body, 'utf8');
  for (let redirects = 0; ; redirects++) {
    const { res, body: received } = await once(url, method, headers, body);
    const location = res.headers.location;
    if (!REDIRECTS.has(res.statusCode ?? 0) || location === undefined || redirects >= MAX_REDIRECTS) return responseOf(res, received);
    const next = new URL(location, url);
    if (next.origin !== url.origin) {
      headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
    }
    // As fetch: 303, and 301/302 after a POST, continue as a GET without the body.
    if (res.statusCode === 303 || ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')) {
      method = 'GET';
      body = undefined;
      headers = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'content-type'));
    }
    url = next;
  }
};
