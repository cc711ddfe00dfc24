/** The in-process locker. */
package dev.resumable.tus.lock.memory;
