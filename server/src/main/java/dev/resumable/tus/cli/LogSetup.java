package dev.resumable.tus.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies {@code -log-format} and {@code -verbose} to Logback's console appender. */
final class LogSetup {
  /** Log output formats. */
  enum Format { text, json }

  private LogSetup() {
  }

  static void apply(Format format, boolean verbose) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext)) {
      return;
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    if (verbose) {
      context.getLogger("dev.resumable").setLevel(Level.DEBUG);
    }
    if (format == Format.json) {
      Appender<ILoggingEvent> appender = root.getAppender("STDOUT");
      if (appender instanceof ConsoleAppender) {
        ConsoleAppender<ILoggingEvent> console = (ConsoleAppender<ILoggingEvent>) appender;
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithMessage(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        console.stop();
        console.setEncoder(encoder);
        console.start();
      }
    }
  }
}
