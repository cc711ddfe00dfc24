/** The {@code tus-server} executable: flags, environment, start-up. */
package dev.resumable.tus.cli;
