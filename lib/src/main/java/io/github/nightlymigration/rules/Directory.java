package io.github.nightlymigration.rules;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.collections.impl.map.mutable.primitive.IntLongHashMap;

/**
 * The old rows of this snapshot that made new rows, by old id: what later tables point at.
 * Unlike the translator (which remembers every id ever given), an id missing here means the
 * referenced row does not exist now or was rejected, so the reference is an orphan.
 */
public final class Directory {
    private final DenseIntMap<UUID> users = new DenseIntMap<>();
    private final IntLongHashMap groups = new IntLongHashMap();
    private final DenseIntMap<UUID> requests = new DenseIntMap<>();
    private final Map<String, Set<UUID>> usersByName = new HashMap<>();

    public synchronized void addUser(int oldId, UUID newId, String fullName) {
        users.put(oldId, newId);
        usersByName.computeIfAbsent(fullName, n -> new HashSet<>()).add(newId);
    }

    public synchronized UUID user(Integer oldId) {
        return oldId == null ? null : users.get(oldId);
    }

    /** The user whose "first last" name is exactly this, if exactly one new user has it. */
    public synchronized UUID userNamed(String fullName) {
        Set<UUID> ids = usersByName.get(fullName);
        return ids != null && ids.size() == 1 ? ids.iterator().next() : null;
    }

    public synchronized void addGroup(int oldId, long newId) {
        groups.put(oldId, newId);
    }

    /** The new group id, or null when the organization does not exist. */
    public synchronized Long group(Integer oldId) {
        return oldId == null || !groups.containsKey(oldId) ? null : groups.get(oldId);
    }

    public synchronized void addRequest(int oldId, UUID newId) {
        requests.put(oldId, newId);
    }

    public synchronized UUID request(Integer oldId) {
        return oldId == null ? null : requests.get(oldId);
    }

    /** A user's name as the old app wrote it into system comments: "first_name last_name". */
    public static String fullName(String firstName, String lastName) {
        return (firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName);
    }
}
