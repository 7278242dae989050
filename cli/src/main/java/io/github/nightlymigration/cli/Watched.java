package io.github.nightlymigration.cli;

import java.nio.file.Path;
import java.util.Map;

/** A command whose nightly runs are watched (health pings, metrics, the outcome line): see {@link Commands}. */
interface Watched {
    /** The name for pings and metrics, or null when this invocation is no night (a dry run, a maintenance flag). */
    String watchedAs();

    /** The environment the command runs with (flags on top). */
    Map<String, String> environment();

    /** Where the outcome line goes. */
    Path stateDir();

    /** A command whose environment and state directory come from its {@link ConnectionOptions}. */
    interface Connected extends Watched {
        ConnectionOptions connection();

        @Override
        default Map<String, String> environment() {
            return connection().environment();
        }

        @Override
        default Path stateDir() {
            return connection().stateDir();
        }
    }
}
