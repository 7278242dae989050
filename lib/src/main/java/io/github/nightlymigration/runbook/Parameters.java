package io.github.nightlymigration.runbook;

import java.util.HashMap;
import java.util.Map;

/** A notebook's parameters on top of the process environment: a blank parameter keeps the environment's value. */
public final class Parameters {
    private Parameters() {}

    /** @param nameValuePairs variable name, parameter value, variable name, parameter value, ... */
    public static Map<String, String> env(String... nameValuePairs) {
        if (nameValuePairs.length % 2 != 0) throw new IllegalArgumentException("names and values come in pairs");
        Map<String, String> env = new HashMap<>(System.getenv());
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            String value = nameValuePairs[i + 1];
            if (value != null && !value.isBlank()) env.put(nameValuePairs[i], value);
        }
        return env;
    }
}
