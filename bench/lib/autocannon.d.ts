/** The part of autocannon's API (installed, untyped) the public-api-load benchmark uses. */
declare module 'autocannon' {
  interface Histogram {
    average: number;
    p50: number;
    p99: number;
  }
  /** One connection (setupClient): its default headers, e.g. a member's session cookie. */
  interface Client {
    setHeaders(headers: Record<string, string>): void;
  }
  interface Options {
    url: string;
    connections: number;
    duration: number;
    requests: { method: 'GET'; path: string }[];
    setupClient?: (client: Client) => void;
  }
  interface Result {
    latency: Histogram;
    requests: Histogram;
    errors: number;
    timeouts: number;
    non2xx: number;
  }
  function autocannon(opts: Options): Promise<Result>;
  export default autocannon;
}
