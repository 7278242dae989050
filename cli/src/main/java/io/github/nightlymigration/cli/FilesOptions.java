package io.github.nightlymigration.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where the attachment files come from and go to: the flags of the commands that sync files (sync-files, cutover). */
public final class FilesOptions {
    @Option(names = "--files-root", paramLabel = "DIR", description = "the legacy app's root holding public/system/... (default: $MIGRATOR_FILES_ROOT)")
    Path filesRoot;

    @Option(names = "--bucket", description = "target bucket (default: $MIGRATOR_S3_BUCKET)")
    String bucket;

    @Option(names = "--endpoint", paramLabel = "URL", description = "S3-compatible endpoint, path-style (default: $MIGRATOR_S3_ENDPOINT; AWS if unset)")
    String endpoint;

    /** The flags given, as the notebooks' parameters (blank parameters keep the environment's values). */
    void putParameters(Map<String, String> params) {
        if (filesRoot != null) params.put("filesRoot", filesRoot.toAbsolutePath().toString());
        if (bucket != null) params.put("bucket", bucket);
        if (endpoint != null) params.put("endpoint", endpoint);
    }

    /** The flags given, over their MIGRATOR_* variables. */
    void putEnvironment(Map<String, String> env) {
        if (filesRoot != null) env.put("MIGRATOR_FILES_ROOT", filesRoot.toString());
        if (bucket != null) env.put("MIGRATOR_S3_BUCKET", bucket);
        if (endpoint != null) env.put("MIGRATOR_S3_ENDPOINT", endpoint);
    }
}
