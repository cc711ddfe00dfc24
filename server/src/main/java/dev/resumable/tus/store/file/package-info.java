/** The local-disk store, in tusd's filestore layout. */
package dev.resumable.tus.store.file;
