/** A bucket's size and refill rate, in whatever unit it counts (requests, items). */
export interface BucketOptions {
  ratePerSecond: number;
  burst: number;
}

export type Verdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Takes from a bucket per key: in this process (RateLimiter) or shared through PostgreSQL (PostgresRateLimiter). */
export interface Limiter {
  take(key: string, cost?: number): Verdict | Promise<Verdict>;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/** A token bucket per key (the API token's id), refilled continuously. */
export class RateLimiter implements Limiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly options: BucketOptions,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Takes `cost` (one request, or a batch's items) from the key's bucket; when it holds less, takes nothing and says
   * how many seconds until it will hold enough. A cost over the burst can never pass: size the burst for the largest.
   */
  take(key: string, cost = 1): Verdict {
    const { ratePerSecond, burst } = this.options;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: burst, updatedAt: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updatedAt) / 1000) * ratePerSecond);
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= cost) {
      bucket.tokens -= cost;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((cost - bucket.tokens) / ratePerSecond)) };
  }
}
