/**
 * The storage SPI: {@link dev.resumable.tus.store.UploadStore} and its optional capabilities. One package per store
 * implementation below this one ({@code file}, later {@code s3}, {@code gcs}, {@code azure}).
 */
package dev.resumable.tus.store;
