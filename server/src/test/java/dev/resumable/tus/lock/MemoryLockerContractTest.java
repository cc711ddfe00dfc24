package dev.resumable.tus.lock;

import dev.resumable.tus.lock.memory.MemoryLocker;

/** The locker contract on the memory locker: its "other process" is the same instance (one process only). */
class MemoryLockerContractTest extends LockerContract {
  private MemoryLocker shared;
  private LockEvents sharedEvents;

  @Override
  protected Locker createLocker(LockEvents events) {
    if (shared == null || sharedEvents != events) {
      shared = new MemoryLocker(events);
      sharedEvents = events;
    }
    return shared;
  }
}
