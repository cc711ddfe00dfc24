/**
 * The locking SPI ({@link dev.resumable.tus.lock.Locker}); one package per implementation below this one.
 */
package dev.resumable.tus.lock;
