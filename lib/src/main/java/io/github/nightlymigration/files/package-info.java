/**
 * Attachment files: from Paperclip's layout on the legacy disk to the new app's bucket.
 *
 * <ul>
 * <li>{@link io.github.nightlymigration.files.StorageKey#of} and {@link io.github.nightlymigration.files.SafeFileName#of}
 *     build {@code storage_key} for the export; {@link io.github.nightlymigration.files.PaperclipPath} builds and
 *     safely resolves {@code legacy_path}.</li>
 * <li>{@link io.github.nightlymigration.files.FileSync} uploads what a verified export names, from
 *     {@link io.github.nightlymigration.files.SyncSettings#fromEnv} ({@code MIGRATOR_FILES_ROOT},
 *     {@code MIGRATOR_S3_BUCKET}, optional {@code MIGRATOR_S3_ENDPOINT}, {@code MIGRATOR_S3_REGION},
 *     {@code MIGRATOR_S3_CONCURRENCY}, {@code MIGRATOR_S3_MULTIPART_THRESHOLD_MB}, credentials from
 *     {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY} or the SDK's default chain), and returns a
 *     {@link io.github.nightlymigration.files.SyncReport}. Exit codes: the report's {@code exitCode()} (1 when an
 *     upload failed), {@code SyncSetupException.exitCode()} (78) for settings, bucket, credentials or endpoint,
 *     {@code ExportVerificationException.exitCode()} (65) for an export that fails its manifest.</li>
 * <li>{@link io.github.nightlymigration.files.StagingTree} lays the files out locally under their keys, for a look
 *     before uploading.</li>
 * </ul>
 */
package io.github.nightlymigration.files;
