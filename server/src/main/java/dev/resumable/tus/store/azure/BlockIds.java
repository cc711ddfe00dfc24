package dev.resumable.tus.store.azure;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * tusd's block IDs: the block's index as 4 bytes little-endian, base64. Azure requires every block ID of a blob to
 * have the same length, which these have. Index {@link #SENTINEL} marks a fresh upload (a one-byte block staged at
 * creation so that the blob's block list exists) and never counts as data.
 */
final class BlockIds {
  /** tusd's sentinel index (Go's math.MaxInt32). */
  static final int SENTINEL = Integer.MAX_VALUE;

  private BlockIds() {
  }

  static String of(int index) {
    byte[] bytes = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(index).array();
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** The index of a block ID, or -1 when it is not one of ours (another writer's naming). */
  static int indexOf(String id) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(id);
    } catch (IllegalArgumentException e) {
      return -1;
    }
    return bytes.length == 4 ? ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getInt() : -1;
  }
}
