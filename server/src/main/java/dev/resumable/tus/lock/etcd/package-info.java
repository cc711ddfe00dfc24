/** {@link dev.resumable.tus.lock.etcd.EtcdLocker}: upload locks in etcd for any number of server processes. */
package dev.resumable.tus.lock.etcd;
