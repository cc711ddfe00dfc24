/** {@link dev.resumable.tus.lock.redis.RedisLocker}: upload locks in Redis for any number of server processes. */
package dev.resumable.tus.lock.redis;
