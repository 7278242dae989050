package io.github.nightlymigration.guard;

import io.github.nightlymigration.MigratorException;

/** A guard refused to publish tonight's run; nothing was published (exit code 4). */
public class PublishRefusedException extends MigratorException {
    public PublishRefusedException(String message) {
        super(SHRINK_REFUSED, message);
    }
}
