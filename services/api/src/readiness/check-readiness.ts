import { HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import type { Redis } from 'ioredis';
import type { Pool } from 'pg';

export type Dependency = 'postgres' | 'redis' | 's3';
export type DependencyState = { status: 'up' } | { status: 'down'; reason: string };
export type Readiness = Record<Dependency, DependencyState>;

export interface ReadinessDeps {
  pool: Pool;
  redis: Redis;
  s3: { client: S3Client; bucket: string };
}

/** Well inside a load balancer's usual probe timeout, so a hung dependency reads as down. */
export const CHECK_TIMEOUT_MS = 2_000;

function withTimeout<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function probe(check: () => Promise<unknown>, what: string): Promise<DependencyState> {
  try {
    await withTimeout(check(), what);
    return { status: 'up' };
  } catch (error) {
    const reason = error instanceof Error ? error.message || error.name : String(error);
    return { status: 'down', reason };
  }
}

/** A producer connection fails commands at once while (re)connecting: give it the probe's time. */
function redisReady(redis: Redis): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve, reject) => {
    const settle = (error?: Error) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      if (error) reject(error);
      else resolve();
    };
    const onReady = () => settle();
    const timer = setTimeout(
      () =>
        settle(new Error(`connection is ${redis.status}, not ready after ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
    redis.once('ready', onReady);
  });
}

function s3Reason(error: unknown, bucket: string): Error {
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  if (status === 404) return new Error(`bucket "${bucket}" does not exist`);
  if (status === 403) return new Error(`access to bucket "${bucket}" is denied`);
  return error instanceof Error ? error : new Error(String(error));
}

/** Checks every dependency at once; each is up or down with the reason. */
export async function checkReadiness(deps: ReadinessDeps): Promise<Readiness> {
  const [postgres, redis, s3] = await Promise.all([
    probe(() => deps.pool.query('select 1'), 'PostgreSQL'),
    probe(() => redisReady(deps.redis).then(() => deps.redis.ping()), 'Redis'),
    probe(
      () =>
        deps.s3.client
          .send(new HeadBucketCommand({ Bucket: deps.s3.bucket }), {
            abortSignal: AbortSignal.timeout(CHECK_TIMEOUT_MS),
          })
          .catch((error: unknown) => {
            throw s3Reason(error, deps.s3.bucket);
          }),
      'S3',
    ),
  ]);
  return { postgres, redis, s3 };
}
