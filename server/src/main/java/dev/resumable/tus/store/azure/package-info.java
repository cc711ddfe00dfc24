/**
 * The Azure Blob store, in tusd azurestore's layout: {@code <prefix><id>.info} holds the upload's JSON,
 * {@code <prefix><id>} is a block blob whose data stays in uncommitted blocks (IDs: tusd's 4-byte little-endian
 * indexes, base64) until the upload is complete, when the block list is committed. The offset is always derived from
 * what Azure holds. See docs/azure.md.
 */
package dev.resumable.tus.store.azure;
