package dev.resumable.tus.lock;

import dev.resumable.tus.testing.LocalEtcd;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The locker contract on the etcd locker, against a real etcd started for this class. */
class EtcdLockerContractTest extends BackendLockerContract {
  @RegisterExtension
  static final LockService ETCD = new LockService("etcd", LocalEtcd::start);

  EtcdLockerContractTest() {
    super(ETCD);
  }
}
