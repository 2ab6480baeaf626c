import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Route = (req: IncomingMessage, res: ServerResponse, url: URL) => void | Promise<void>;

/** A local HTTP server on 127.0.0.1 serving source payloads by path, counting requests per path. */
export class LocalSourceServer {
  readonly hits = new Map<string, number>();
  private readonly routes = new Map<string, Route>();
  private server: Server | null = null;
  port = 0;

  route(path: string, handler: Route): this {
    this.routes.set(path, handler);
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      this.hits.set(url.pathname, (this.hits.get(url.pathname) ?? 0) + 1);
      const handler = this.routes.get(url.pathname);
      if (!handler) return void res.writeHead(404).end();
      Promise.resolve(handler(req, res, url)).catch(() => res.destroy());
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A Reddit t3 child as /new.json lists it. */
export function redditChild(n: number, createdUtc: number): unknown {
  return {
    kind: 't3',
    data: {
      id: `p${n}`,
      name: `t3_p${n}`,
      title: `منشور رقم ${n} عن سراقب`,
      selftext: '',
      author: `user${n % 7}`,
      author_fullname: `t2_u${n % 7}`,
      created_utc: createdUtc,
      permalink: `/r/local/comments/p${n}/post_${n}/`,
      url: `https://www.reddit.com/r/local/comments/p${n}/post_${n}/`,
      is_self: true,
      edited: false,
    },
  };
}

/** A Mastodon status with a numeric id. */
export function mastodonStatus(id: number): unknown {
  return {
    id: String(id),
    created_at: new Date(Date.UTC(2026, 2, 14, 0, 0, id % 50_000)).toISOString(),
    language: 'ar',
    uri: `https://m.example/users/a/statuses/${id}`,
    url: `https://m.example/@a/${id}`,
    content: `<p>رسالة ${id}</p>`,
    edited_at: null,
    account: { id: '1', username: 'a', acct: 'a', display_name: 'A', url: 'https://m.example/@a' },
    media_attachments: [],
    reblog: null,
  };
}
