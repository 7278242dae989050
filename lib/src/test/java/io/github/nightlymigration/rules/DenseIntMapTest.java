package io.github.nightlymigration.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Against a HashMap, with dense runs, odd far ids, negatives, keys the array reaches later, and overwrites. */
class DenseIntMapTest {
    @Test
    void findsWhatAHashMapFinds() {
        Random random = new Random(3);
        DenseIntMap<String> map = new DenseIntMap<>();
        Map<Integer, String> oracle = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            int key = switch (random.nextInt(10)) {
                case 0 -> random.nextInt(); // anywhere, negatives included
                case 1 -> Integer.MAX_VALUE - random.nextInt(3);
                case 2 -> 50_000 + random.nextInt(50_000); // ahead of the array, reached later
                default -> i / 2; // a serial id, some twice
            };
            String value = "v" + i;
            map.put(key, value);
            oracle.put(key, value);
        }
        oracle.forEach((key, value) -> assertEquals(value, map.get(key), "key " + key));
        for (int i = 0; i < 100_000; i++) {
            int key = random.nextInt();
            assertEquals(oracle.get(key), map.get(key), "key " + key);
        }
    }
}
