package dev.resumable.tus.store;

import java.io.IOException;
import java.util.List;

/** Capability: the store can join finished partial uploads into a final upload (tus concatenation). */
public interface Concatenater {

  /**
   * Fills the existing final upload {@code finalId} with the bytes of the finished uploads {@code partialIds}, in
   * order (an ID may repeat), and records its length. If a previous attempt was interrupted, it starts over.
   */
  void concatenate(String finalId, List<String> partialIds) throws IOException;
}
