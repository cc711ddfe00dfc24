package dev.resumable.tus.store.azure;

import com.azure.storage.blob.models.Block;
import com.azure.storage.blob.models.BlockList;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * What a data blob's block list says, by tusd's rule: while uncommitted blocks exist (an upload in progress), the
 * offset is the sum of their sizes without the sentinel; once the list is committed (a finished upload), it is the
 * sum of the committed blocks.
 *
 * @param offset the bytes stored
 * @param indexes the data blocks' indexes, ascending, to commit (empty once committed)
 * @param committed true when the block list was committed
 */
record BlockState(long offset, List<Integer> indexes, boolean committed) {

  static final BlockState MISSING = new BlockState(0, List.of(), false);

  static BlockState of(BlockList list) {
    List<Block> uncommitted = list.getUncommittedBlocks();
    if (uncommitted == null || uncommitted.isEmpty()) {
      long size = 0;
      for (Block block : list.getCommittedBlocks()) {
        size += block.getSizeLong();
      }
      return new BlockState(size, List.of(), true);
    }
    TreeMap<Integer, Long> sizes = new TreeMap<>();
    for (Block block : uncommitted) {
      int index = BlockIds.indexOf(block.getName());
      if (index >= 0 && index != BlockIds.SENTINEL) {
        sizes.put(index, block.getSizeLong());
      }
    }
    long offset = 0;
    for (long size : sizes.values()) {
      offset += size;
    }
    return new BlockState(offset, new ArrayList<>(sizes.keySet()), false);
  }

  /** The index the next staged block takes. */
  int nextIndex() {
    return indexes.isEmpty() ? 0 : indexes.get(indexes.size() - 1) + 1;
  }
}
