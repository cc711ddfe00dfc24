/** The lease-based file locker for processes sharing a directory. */
package dev.resumable.tus.lock.file;
