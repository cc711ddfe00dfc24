/**
 * The S3 store: uploads as S3 multipart uploads in tusd's s3store layout ({@code <prefix><objectId>.info}, a
 * multipart upload on {@code <prefix><objectId>}, a {@code .part} tail object; upload ID
 * {@code <objectId>+<multipartUploadId>}), streamed through part files on local temp disk and uploaded concurrently.
 */
package dev.resumable.tus.store.s3;
