package io.github.nightlymigration.guard;

import io.github.nightlymigration.MigratorException;

/** Tonight's tables are complete, but publishing them would lose what must not be lost; nothing was published (exit 4). */
public class PublishRefusedException extends MigratorException {
    public PublishRefusedException(String message) {
        super(SHRINK_REFUSED, message);
    }
}
