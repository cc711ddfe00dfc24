/**
 * The welcome page served at {@code GET /} (outside the tus base path), tusd's greeting made useful: an upload page
 * built on Uppy with {@code @uppy/tus}, bundled at build time by esbuild from {@code server/src/main/web} into
 * {@code site/} on the class path, so it works offline and loads nothing from elsewhere.
 *
 * <p>{@link dev.resumable.tus.welcome.WelcomePage} renders the page for the server's settings and hands out one
 * exact-path route per file; {@link dev.resumable.tus.welcome.StaticResponse} serves each with gzip, ETags, long-lived
 * caching for the content-hashed assets and a Content-Security-Policy that allows only the server's own origin.
 * The {@code -show-greeting} flag of the command line turns it off.
 */
package dev.resumable.tus.welcome;
