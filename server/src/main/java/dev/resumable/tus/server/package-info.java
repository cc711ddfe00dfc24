/** The Undertow listener that runs the tus handler as a server process. */
package dev.resumable.tus.server;
