/** The part of autocannon's API (installed, untyped) the public-api-load benchmark uses. */
declare module 'autocannon' {
  interface Histogram {
    average: number;
    p50: number;
    p99: number;
  }
  interface Request {
    method: string;
    path: string;
    headers?: Record<string, string>;
  }
  interface Options {
    url: string;
    connections: number;
    duration: number;
    requests: {
      method: 'GET';
      path: string;
      /**
       * Called before each request; `context` is one object per connection (it keeps, e.g., the member that
       * connection is). Returns the request to send.
       */
      setupRequest?: (req: Request, context: Record<string, string | undefined>) => Request;
    }[];
  }
  interface Result {
    latency: Histogram;
    requests: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
    /** Answers by HTTP status code. */
    statusCodeStats: Record<string, { count: number }>;
  }
  function autocannon(opts: Options): Promise<Result>;
  export default autocannon;
}
