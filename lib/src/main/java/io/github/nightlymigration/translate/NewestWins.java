package io.github.nightlymigration.translate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Sorted runs merged into one sorted run; where runs share a key the newest (last given) wins: a
 * later segment re-points a user merged by email, and tonight's entries are newer than the file's.
 * A handful of runs at most (compaction bounds the segments), so a linear pick beats a heap.
 */
final class NewestWins implements Iterator<Entry> {
    private final List<Iterator<Entry>> runs;
    private final Entry[] heads;

    NewestWins(List<Iterator<Entry>> oldestFirst) {
        this.runs = new ArrayList<>(oldestFirst);
        this.heads = new Entry[runs.size()];
        for (int i = 0; i < heads.length; i++) advance(i);
    }

    static Iterator<Entry> of(List<Iterator<Entry>> oldestFirst) {
        return oldestFirst.size() == 1 ? oldestFirst.get(0) : new NewestWins(oldestFirst);
    }

    @Override
    public boolean hasNext() {
        for (Entry head : heads) {
            if (head != null) return true;
        }
        return false;
    }

    @Override
    public Entry next() {
        int pick = -1;
        for (int i = 0; i < heads.length; i++) {
            if (heads[i] != null && (pick < 0 || Entry.ORDER.compare(heads[i], heads[pick]) <= 0)) pick = i;
        }
        if (pick < 0) throw new NoSuchElementException();
        Entry chosen = heads[pick];
        for (int i = 0; i < heads.length; i++) {
            if (heads[i] != null && heads[i].sameKey(chosen)) advance(i); // older copies of the key are dropped
        }
        return chosen;
    }

    private void advance(int i) {
        heads[i] = runs.get(i).hasNext() ? runs.get(i).next() : null;
    }
}
