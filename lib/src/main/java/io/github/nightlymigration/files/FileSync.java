package io.github.nightlymigration.files;

import java.io.IOException;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.nightlymigration.export.AttachmentCsv;
import io.github.nightlymigration.export.AttachmentRow;
import io.github.nightlymigration.export.ExportManifest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Copies the attachment files named by a verified export into the bucket, under their storage keys.
 *
 * <p>Driven only by the export directory, the files root and the target settings (no database). Unchanged files
 * are recognised without uploading: a listing of {@code requests/} (split into narrow prefixes listed side by
 * side) gives every object's size and ETag, and the local {@link UploadLedger} in the state directory spares
 * re-reading files whose size and modification time are those recorded at upload. Everything else is uploaded
 * with bounded concurrency, Content-MD5 (or, for multipart, an ETag check) and patient retries. Re-running after
 * a failure or an interruption completes the job.
 *
 * <pre>{@code
 * SyncReport report = FileSync.to(SyncSettings.fromEnv(System.getenv()), stateDir)
 *         .onProgress(p -> bar.update(p.filesDone(), p.filesTotal()))
 *         .run(exportDir);
 * }</pre>
 */
public final class FileSync {

    /**
     * Files up to this size are read into memory once for hashing and uploading; at most one per checker thread
     * and one per upload in flight are held, so this bounds the memory to (cores + concurrency) MiB.
     */
    private static final int IN_MEMORY_MAX_BYTES = 1024 * 1024;

    /** Listings in flight at once; each is one request at a time, and 16 cover the UUID hex digits. */
    private static final int LISTING_PARALLELISM = 16;

    private final SyncSettings settings;
    private final Path stateDir;
    private boolean dryRun;
    private Consumer<SyncProgress> progress = p -> { };

    private FileSync(SyncSettings settings, Path stateDir) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.stateDir = Objects.requireNonNull(stateDir, "stateDir");
    }

    /** @param stateDir where the upload ledger is kept between runs (one file per bucket) */
    public static FileSync to(SyncSettings settings, Path stateDir) {
        return new FileSync(settings, stateDir);
    }

    /** Plan only: list the files a real run would upload, upload nothing, leave the ledger unchanged. */
    public FileSync dryRun(boolean value) {
        this.dryRun = value;
        return this;
    }

    /** Called after each file, from worker threads but never concurrently; keep it quick. */
    public FileSync onProgress(Consumer<SyncProgress> listener) {
        this.progress = Objects.requireNonNull(listener, "listener");
        return this;
    }

    /**
     * @throws io.github.nightlymigration.export.ExportVerificationException the export fails its manifest
     * @throws SyncSetupException the files root, bucket, credentials or endpoint are not usable
     */
    public SyncReport run(Path exportDir) {
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        Phases phases = new Phases();
        phases.time("verifyExport", () -> ExportManifest.verify(exportDir, AttachmentCsv.FILE_NAME));
        List<AttachmentRow> rows = phases.time("readCsv",
                () -> AttachmentCsv.read(exportDir.resolve(AttachmentCsv.FILE_NAME)));
        PaperclipPath.Root root = filesRoot();
        // One walk of the attachments tree gives both each row's size and mtime and the orphan files.
        CompletableFuture<AttachmentsTree> tree = inBackground("attachments-scan",
                () -> phases.time("scanTree", () -> AttachmentsTree.scan(root)));
        phases.time("preflight", () -> S3Errors.preflight(settings));

        // The bucket listing (server-bound) runs beside the local work: on a no-change run the listing and the
        // walk of the tree are nearly all the work.
        CompletableFuture<Map<String, RemoteListing.RemoteObject>> remote = inBackground("bucket-listing",
                () -> phases.time("bucketListing", () -> {
                    try (S3Client s3 = S3Clients.client(settings)) {
                        return RemoteListing.list(s3, settings.bucket(), listingPrefixes(rows), LISTING_PARALLELISM);
                    }
                }));

        Outcomes outcomes = new Outcomes();
        // Should the walk fail, every file is looked up on its own, and the failure is reported at the end.
        AttachmentsTree seen = phases.time("awaitScan", () -> tree.exceptionally(e -> null).join());
        List<LocalFile> found = phases.time("locateFiles", () -> locate(rows, root, seen, outcomes));
        try (UploadLedger ledger = phases.time("readLedger", () -> UploadLedger.open(stateDir, settings.bucket()))) {
            Map<String, RemoteListing.RemoteObject> listed = phases.time("awaitListing", () -> join(remote));
            phases.time("checkAndUpload", () -> transfer(found, listed, ledger, outcomes));
            phases.time("writeLedger", ledger::close);
        }
        Set<String> referenced = new HashSet<>();
        rows.forEach(r -> referenced.add(r.legacyPath()));
        found.forEach(f -> referenced.add(f.diskLegacyPath()));
        List<SyncReport.Item> orphanFiles = join(tree).orphans(referenced);
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        return new SyncReport(settings.target(), dryRun, started, millis, rows.size(), outcomes.uploaded.get(),
                outcomes.uploadedBytes.get(), outcomes.skipped.get(), outcomes.skippedBytes.get(),
                List.copyOf(outcomes.wouldUpload), List.copyOf(outcomes.missing), orphanFiles,
                List.copyOf(outcomes.unsafe), List.copyOf(outcomes.failed), List.copyOf(outcomes.normalisationMatches),
                phases.inOrder());
    }

    /**
     * Wall-clock milliseconds per phase, for the report: where a slow run spends its time. Background phases
     * (listing, walk of the tree) are timed on their own threads and overlap the others; the await phases are
     * how long the main thread then still waited for them.
     */
    private static final class Phases {
        private final Map<String, long[]> started = new ConcurrentHashMap<>();

        <T> T time(String name, Supplier<T> work) {
            long start = System.nanoTime();
            try {
                return work.get();
            } finally {
                started.put(name, new long[] {start, (System.nanoTime() - start) / 1_000_000});
            }
        }

        void time(String name, Runnable work) {
            time(name, () -> {
                work.run();
                return null;
            });
        }

        Map<String, Long> inOrder() {
            Map<String, Long> ordered = new LinkedHashMap<>();
            started.entrySet().stream().sorted(Comparator.comparingLong(e -> e.getValue()[0]))
                    .forEach(e -> ordered.put(e.getKey(), e.getValue()[1]));
            return ordered;
        }
    }

    private PaperclipPath.Root filesRoot() {
        try {
            return PaperclipPath.Root.of(settings.filesRoot());
        } catch (IOException e) {
            throw new SyncSetupException("MIGRATOR_FILES_ROOT " + settings.filesRoot() + " is not readable: "
                    + e.getMessage());
        }
    }

    /**
     * {@code requests/} split by the first character after it ({@code requests/0} ... {@code requests/f} for
     * UUIDs), only those the export uses: narrow listings that can run side by side.
     *
     * <p>Not narrower: against s3proxy's file system store, every listing request reads the whole {@code requests/}
     * directory and then walks every object under its prefix, whatever page it asks for. For 20,000 keys, 16
     * prefixes of two pages each cost the server about 2.6 CPU seconds, 256 prefixes of one page 4.6.
     */
    private static Set<String> listingPrefixes(List<AttachmentRow> rows) {
        Set<String> prefixes = new TreeSet<>();
        int length = StorageKey.PREFIX.length() + 1;
        rows.stream().map(AttachmentRow::storageKey).filter(k -> StorageKey.problem(k).isEmpty())
                .forEach(k -> prefixes.add(k.substring(0, length)));
        return prefixes;
    }

    private static <T> CompletableFuture<T> inBackground(String name, Supplier<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(work.get());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
        return result;
    }

    /** Waits for background work, rethrowing its failure as it was thrown. */
    private static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** Counters and lists filled from several threads. */
    private static final class Outcomes {
        final AtomicInteger uploaded = new AtomicInteger();
        final AtomicLong uploadedBytes = new AtomicLong();
        final AtomicInteger skipped = new AtomicInteger();
        final AtomicLong skippedBytes = new AtomicLong();
        final List<SyncReport.Item> wouldUpload = Collections.synchronizedList(new ArrayList<>());
        final List<SyncReport.Item> missing = Collections.synchronizedList(new ArrayList<>());
        final List<SyncReport.Item> unsafe = Collections.synchronizedList(new ArrayList<>());
        final List<SyncReport.Item> failed = Collections.synchronizedList(new ArrayList<>());
        final List<SyncReport.Item> normalisationMatches = Collections.synchronizedList(new ArrayList<>());
    }

    /**
     * A row whose file was found inside the root.
     *
     * @param diskLegacyPath the row's legacy path as spelled on disk (it may differ in Unicode normalisation)
     */
    private record LocalFile(AttachmentRow row, Path path, String diskLegacyPath, long size, long modifiedMillis) {
        SyncReport.Item item(String reason) {
            return new SyncReport.Item(row.attachmentId().toString(), row.legacyPath(), row.storageKey(), size,
                    reason);
        }
    }

    /**
     * Sorts out unsafe keys and paths and missing files, and notes each found file's size and mtime: from the walk
     * of the tree when it found the file, else from {@link PaperclipPath.Root#resolve} and a stat. A name spelled
     * in another Unicode normalisation form on disk than in the export is the same file: it is used, and listed.
     *
     * @param tree the walk of the attachments directory, or null to look up every file on its own
     */
    private static List<LocalFile> locate(List<AttachmentRow> rows, PaperclipPath.Root root, AttachmentsTree tree,
                                          Outcomes outcomes) {
        Set<String> keys = new HashSet<>();
        List<LocalFile> found = new ArrayList<>(rows.size());
        for (AttachmentRow row : rows) {
            String problem = StorageKey.problem(row.storageKey()).orElse(keys.add(row.storageKey()) ? null
                    : "storage key is used by another row");
            if (problem != null) {
                outcomes.unsafe.add(item(row, problem));
                continue;
            }
            try {
                LocalFile file = walked(row, root, tree).orElse(null);
                if (file == null) {
                    PaperclipPath.Found resolved = root.resolveAnySpelling(row.legacyPath());
                    BasicFileAttributes attrs = Files.readAttributes(resolved.file(), BasicFileAttributes.class);
                    file = new LocalFile(row, resolved.file(), resolved.legacyPath(), attrs.size(),
                            attrs.lastModifiedTime().toMillis());
                }
                if (!file.diskLegacyPath().equals(row.legacyPath())) {
                    outcomes.normalisationMatches.add(file.item("found on disk in Unicode "
                            + PaperclipPath.normalisationForm(file.diskLegacyPath()) + " (the export has "
                            + PaperclipPath.normalisationForm(row.legacyPath()) + "): " + file.diskLegacyPath()));
                }
                found.add(file);
            } catch (PaperclipPath.UnsafePathException e) {
                outcomes.unsafe.add(item(row, "legacy path " + e.getMessage()));
            } catch (NoSuchFileException e) {
                outcomes.missing.add(item(row, "not on disk"));
            } catch (IOException e) {
                outcomes.failed.add(item(row, "cannot read: " + e.getMessage()));
            }
        }
        return found;
    }

    /** The row's file as the walk of the tree saw it, under the first of its spellings that the walk found. */
    private static Optional<LocalFile> walked(AttachmentRow row, PaperclipPath.Root root, AttachmentsTree tree)
            throws PaperclipPath.UnsafePathException {
        root.relativePart(row.legacyPath()); // refuses unsafe paths before any spelling is looked at
        if (tree == null) {
            return Optional.empty();
        }
        for (String spelling : PaperclipPath.spellings(row.legacyPath())) {
            Optional<AttachmentsTree.Found> walked = tree.get(spelling);
            if (walked.isPresent()) {
                return Optional.of(new LocalFile(row, root.attachmentsDir().resolve(root.relativePart(spelling)),
                        spelling, walked.get().size(), walked.get().modifiedMillis()));
            }
        }
        return Optional.empty();
    }

    /**
     * Compares each file with the bucket and uploads what differs. Checking (hashing) runs on all cores and hands
     * each upload over as soon as it is known, so reading and uploading overlap; at most {@code concurrency}
     * uploads are in flight, which also holds the checkers back when the server is the bottleneck.
     */
    private void transfer(List<LocalFile> files, Map<String, RemoteListing.RemoteObject> remote, UploadLedger ledger,
                          Outcomes outcomes) {
        ProgressCounter counter = new ProgressCounter(files.size(), files.stream().mapToLong(LocalFile::size).sum(),
                outcomes);
        int concurrency = settings.concurrency();
        Semaphore inFlight = new Semaphore(concurrency);
        ExecutorService checkers = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
            Thread t = new Thread(r, "attachment-check");
            t.setDaemon(true);
            return t;
        });
        try (Uploader uploader = new Uploader(settings)) {
            List<Future<?>> checks = new ArrayList<>(files.size());
            for (LocalFile file : files) {
                checks.add(checkers.submit(() -> {
                    Content content = readIfChanged(file, remote, ledger, outcomes);
                    if (content == null) {
                        counter.settled(file.size());
                    } else if (dryRun) {
                        outcomes.wouldUpload.add(file.item(null));
                        counter.settled(file.size());
                    } else {
                        inFlight.acquire();
                        upload(uploader, file, content, ledger, outcomes, counter)
                                .whenComplete((ignored, error) -> inFlight.release());
                    }
                    return null;
                }));
            }
            for (Future<?> check : checks) {
                check.get();
            }
            inFlight.acquire(concurrency);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("attachment sync interrupted; run it again to finish", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("attachment sync stopped: " + e.getCause().getMessage(), e.getCause());
        } finally {
            checkers.shutdownNow();
        }
    }

    /**
     * What is uploaded: the digest, and for small files the bytes it was computed from, so each small file is read
     * once (hashing, then uploading from memory); larger files are streamed from disk again.
     */
    private record Content(FileDigest digest, byte[] bytes) {
    }

    /**
     * @return the file's content when it must be uploaded, or null when the bucket already holds it (same size
     *     and an ETag matching the content, trusted from the ledger when size and mtime are as recorded)
     */
    private Content readIfChanged(LocalFile file, Map<String, RemoteListing.RemoteObject> remote,
                                  UploadLedger ledger, Outcomes outcomes) {
        String key = file.row().storageKey();
        RemoteListing.RemoteObject there = remote.get(key);
        boolean sameSizeThere = there != null && there.size() == file.size();
        boolean ledgerVouches = ledger.get(key)
                .filter(e -> e.size() == file.size() && e.modifiedMillis() == file.modifiedMillis()
                        && sameSizeThere && e.etag().equals(bare(there.etag())))
                .isPresent();
        if (ledgerVouches) {
            skipped(file, outcomes);
            return null;
        }
        FileDigest digest;
        byte[] bytes = null;
        try {
            if (file.size() <= IN_MEMORY_MAX_BYTES) {
                bytes = Files.readAllBytes(file.path());
                digest = FileDigest.of(bytes, S3Clients.PART_SIZE);
            } else {
                digest = FileDigest.of(file.path(), S3Clients.PART_SIZE);
            }
        } catch (IOException e) {
            outcomes.failed.add(file.item("cannot read: " + e.getMessage()));
            return null;
        }
        if (sameSizeThere && digest.size() == file.size() && digest.matchesEtag(there.etag())) {
            // Already there: uploaded by a run whose ledger is gone, or the file was only touched.
            if (!dryRun) {
                ledger.record(new UploadLedger.Entry(key, digest.size(), file.modifiedMillis(), digest.md5Hex(),
                        bare(there.etag())));
            }
            skipped(file, outcomes);
            return null;
        }
        return new Content(digest, bytes);
    }

    private static void skipped(LocalFile file, Outcomes outcomes) {
        outcomes.skipped.incrementAndGet();
        outcomes.skippedBytes.addAndGet(file.size());
    }

    /** Starts one upload; the returned stage completes after its outcome is recorded, never exceptionally. */
    private CompletableFuture<Void> upload(Uploader uploader, LocalFile file, Content content, UploadLedger ledger,
                                           Outcomes outcomes, ProgressCounter counter) {
        String key = file.row().storageKey();
        FileDigest digest = content.digest();
        return uploader.put(key, file.path(), content.bytes(), digest, contentType(file.row())).handle((response, error) -> {
            try {
                if (error != null) {
                    outcomes.failed.add(file.item(S3Errors.describe(error)));
                } else if (!digest.matchesEtag(response.eTag())) {
                    outcomes.failed.add(file.item("stored object's ETag " + response.eTag()
                            + " does not match the file's content (MD5 " + digest.md5Hex() + ")"));
                } else {
                    ledger.record(new UploadLedger.Entry(key, digest.size(), file.modifiedMillis(), digest.md5Hex(),
                            bare(response.eTag())));
                    outcomes.uploaded.incrementAndGet();
                    outcomes.uploadedBytes.addAndGet(digest.size());
                }
            } catch (RuntimeException e) {
                outcomes.failed.add(file.item("after upload: " + e.getMessage()));
            }
            counter.settled(file.size());
            return null;
        });
    }

    /** The CSV's content type; without one, a guess from the file name, else application/octet-stream. */
    private static String contentType(AttachmentRow row) {
        if (row.contentType() != null) {
            return row.contentType();
        }
        String guess = URLConnection.guessContentTypeFromName(SafeFileName.of(row.filename()));
        return guess == null ? "application/octet-stream" : guess;
    }

    private static SyncReport.Item item(AttachmentRow row, String reason) {
        return new SyncReport.Item(row.attachmentId().toString(), row.legacyPath(), row.storageKey(), 0, reason);
    }

    private static String bare(String etag) {
        return etag == null ? "" : etag.replace("\"", "");
    }

    /** Counts settled files and hands snapshots to the listener one at a time. */
    private final class ProgressCounter {
        private final int totalFiles;
        private final long totalBytes;
        private final Outcomes outcomes;
        private int files;
        private long bytes;

        ProgressCounter(int totalFiles, long totalBytes, Outcomes outcomes) {
            this.totalFiles = totalFiles;
            this.totalBytes = totalBytes;
            this.outcomes = outcomes;
        }

        synchronized void settled(long fileBytes) {
            files++;
            bytes += fileBytes;
            try {
                progress.accept(new SyncProgress(files, totalFiles, bytes, totalBytes, outcomes.uploaded.get(),
                        outcomes.skipped.get(), outcomes.failed.size()));
            } catch (RuntimeException e) {
                // A broken progress display must not fail or stall the sync.
            }
        }
    }
}
