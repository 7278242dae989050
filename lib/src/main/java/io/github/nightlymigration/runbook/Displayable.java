package io.github.nightlymigration.runbook;

import java.util.Map;

/** A value the notebooks show richly, in any kernel: MIME type -> content (text/plain always, image data in base64). */
public interface Displayable {
    Map<String, String> mimeBundle();
}
