/**
 * The tus protocol over HTTP: {@link dev.resumable.tus.http.TusHandler} routes each method to its own request class
 * and knows storage only through the {@code dev.resumable.tus.store} interfaces.
 */
package dev.resumable.tus.http;
