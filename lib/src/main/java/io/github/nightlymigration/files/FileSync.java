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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import io.github.nightlymigration.export.AttachmentCsv;
import io.github.nightlymigration.export.AttachmentRow;
import io.github.nightlymigration.export.ExportManifest;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.http.nio.netty.SdkEventLoopGroup;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Copies the attachment files named by a verified export into the bucket, under their storage keys.
 *
 * <p>Driven only by the export directory, the files root and the target settings (no database). Unchanged files
 * are recognised without uploading: one listing of {@code requests/} gives every object's size and ETag, and the
 * local {@link UploadLedger} in the state directory spares re-reading files whose size and modification time are
 * those recorded at upload. Everything else is uploaded with bounded concurrency, Content-MD5 (or, for multipart,
 * an ETag check) and patient retries. Re-running after a failure or an interruption completes the job.
 *
 * <pre>{@code
 * SyncReport report = FileSync.to(SyncSettings.fromEnv(System.getenv()), stateDir)
 *         .onProgress(p -> bar.update(p.filesDone(), p.filesTotal()))
 *         .run(exportDir);
 * }</pre>
 */
public final class FileSync {

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
        ExportManifest.verify(exportDir, AttachmentCsv.FILE_NAME);
        List<AttachmentRow> rows = AttachmentCsv.read(exportDir.resolve(AttachmentCsv.FILE_NAME));
        Path realRoot = realRoot();
        S3Errors.preflight(settings);

        Outcomes outcomes = new Outcomes();
        try (UploadLedger ledger = UploadLedger.open(stateDir, settings.bucket())) {
            Map<String, RemoteListing.RemoteObject> remote;
            try (S3Client s3 = S3Clients.client(settings)) {
                remote = RemoteListing.list(s3, settings.bucket(), StorageKey.PREFIX);
            }
            List<Upload> uploads = check(rows, realRoot, remote, ledger, outcomes);
            if (dryRun) {
                uploads.forEach(u -> outcomes.wouldUpload.add(u.item(null)));
            } else {
                upload(uploads, ledger, outcomes);
            }
        }
        Set<String> referenced = new HashSet<>();
        rows.forEach(r -> referenced.add(r.legacyPath()));
        List<SyncReport.Item> orphans = OrphanFiles.find(realRoot, referenced);
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        return new SyncReport(settings.target(), dryRun, started, millis, rows.size(), outcomes.uploaded.get(),
                outcomes.uploadedBytes.get(), outcomes.skipped.get(), outcomes.skippedBytes.get(),
                List.copyOf(outcomes.wouldUpload), List.copyOf(outcomes.missing), orphans,
                List.copyOf(outcomes.unsafe), List.copyOf(outcomes.failed));
    }

    private Path realRoot() {
        try {
            return settings.filesRoot().toRealPath();
        } catch (IOException e) {
            throw new SyncSetupException("MIGRATOR_FILES_ROOT " + settings.filesRoot() + " is not readable: "
                    + e.getMessage());
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
    }

    /** A file that must be uploaded, with what is known about it. */
    private record Upload(AttachmentRow row, Path file, long modifiedMillis, FileDigest digest) {
        SyncReport.Item item(String reason) {
            return new SyncReport.Item(row.attachmentId().toString(), row.legacyPath(), row.storageKey(),
                    digest.size(), reason);
        }
    }

    /** Sorts every row into unsafe, missing, unchanged or to-upload; hashing runs on all cores. */
    private List<Upload> check(List<AttachmentRow> rows, Path realRoot, Map<String, RemoteListing.RemoteObject> remote,
                               UploadLedger ledger, Outcomes outcomes) {
        Set<String> keys = new HashSet<>();
        List<AttachmentRow> checkable = new ArrayList<>();
        for (AttachmentRow row : rows) {
            String problem = StorageKey.problem(row.storageKey()).orElse(keys.add(row.storageKey()) ? null
                    : "storage key is used by another row");
            if (problem != null) {
                outcomes.unsafe.add(item(row, 0, problem));
            } else {
                checkable.add(row);
            }
        }
        ProgressCounter counter = new ProgressCounter(SyncProgress.Phase.CHECKING, rows.size(), 0, outcomes);
        counter.advance(rows.size() - checkable.size(), 0);
        int threads = Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "attachment-check");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Upload>> futures = new ArrayList<>(checkable.size());
            for (AttachmentRow row : checkable) {
                futures.add(pool.submit(() -> {
                    Upload upload = checkOne(row, realRoot, remote, ledger, outcomes);
                    counter.advance(1, 0);
                    return upload;
                }));
            }
            List<Upload> uploads = new ArrayList<>();
            for (Future<Upload> f : futures) {
                Upload u = f.get();
                if (u != null) {
                    uploads.add(u);
                }
            }
            return uploads;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("attachment sync interrupted while checking files", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("attachment check failed: " + e.getCause().getMessage(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** @return the upload to do, or null when the row is unsafe, missing or unchanged */
    private Upload checkOne(AttachmentRow row, Path realRoot, Map<String, RemoteListing.RemoteObject> remote,
                            UploadLedger ledger, Outcomes outcomes) {
        Path file;
        BasicFileAttributes attrs;
        try {
            file = PaperclipPath.resolve(realRoot, row.legacyPath());
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (PaperclipPath.UnsafePathException e) {
            outcomes.unsafe.add(item(row, 0, "legacy path " + e.getMessage()));
            return null;
        } catch (NoSuchFileException e) {
            outcomes.missing.add(item(row, 0, "not on disk"));
            return null;
        } catch (IOException e) {
            outcomes.failed.add(item(row, 0, "cannot read: " + e.getMessage()));
            return null;
        }
        long modified = attrs.lastModifiedTime().toMillis();
        RemoteListing.RemoteObject there = remote.get(row.storageKey());
        UploadLedger.Entry known = ledger.get(row.storageKey())
                .filter(e -> e.size() == attrs.size() && e.modifiedMillis() == modified).orElse(null);
        if (known != null && there != null && there.size() == attrs.size()
                && known.etag().equals(bare(there.etag()))) {
            outcomes.skipped.incrementAndGet();
            outcomes.skippedBytes.addAndGet(attrs.size());
            return null;
        }
        FileDigest digest;
        try {
            digest = FileDigest.of(file, S3Clients.PART_SIZE);
        } catch (IOException e) {
            outcomes.failed.add(item(row, attrs.size(), "cannot read: " + e.getMessage()));
            return null;
        }
        if (there != null && there.size() == digest.size() && digest.matchesEtag(there.etag())) {
            // Already there (uploaded by an earlier run whose ledger is gone, or the file was only touched).
            if (!dryRun) {
                ledger.record(new UploadLedger.Entry(row.storageKey(), digest.size(), modified, digest.md5Hex(),
                        bare(there.etag())));
            }
            outcomes.skipped.incrementAndGet();
            outcomes.skippedBytes.addAndGet(digest.size());
            return null;
        }
        return new Upload(row, file, modified, digest);
    }

    private void upload(List<Upload> uploads, UploadLedger ledger, Outcomes outcomes) {
        long totalBytes = uploads.stream().mapToLong(u -> u.digest().size()).sum();
        ProgressCounter counter = new ProgressCounter(SyncProgress.Phase.UPLOADING, uploads.size(), totalBytes,
                outcomes);
        int concurrency = settings.concurrency();
        Semaphore inFlight = new Semaphore(concurrency);
        SdkEventLoopGroup eventLoops = SdkEventLoopGroup.builder().build();
        try (S3AsyncClient s3 = S3Clients.uploadClient(settings, eventLoops)) {
            for (Upload u : uploads) {
                inFlight.acquire();
                PutObjectRequest.Builder request = PutObjectRequest.builder()
                        .bucket(settings.bucket())
                        .key(u.row().storageKey())
                        .contentLength(u.digest().size())
                        .contentType(contentType(u.row()));
                if (u.digest().size() < settings.multipartThresholdBytes()) {
                    request.contentMD5(u.digest().contentMd5Base64());
                }
                s3.putObject(request.build(), AsyncRequestBody.fromFile(u.file())).whenComplete((response, error) -> {
                    try {
                        if (error != null) {
                            outcomes.failed.add(u.item(S3Errors.describe(error)));
                        } else if (!u.digest().matchesEtag(response.eTag())) {
                            outcomes.failed.add(u.item("stored object's ETag " + response.eTag()
                                    + " does not match the file's content (MD5 " + u.digest().md5Hex() + ")"));
                        } else {
                            ledger.record(new UploadLedger.Entry(u.row().storageKey(), u.digest().size(),
                                    u.modifiedMillis(), u.digest().md5Hex(), bare(response.eTag())));
                            outcomes.uploaded.incrementAndGet();
                            outcomes.uploadedBytes.addAndGet(u.digest().size());
                        }
                        counter.advance(1, u.digest().size());
                    } catch (RuntimeException e) {
                        outcomes.failed.add(u.item("after upload: " + e.getMessage()));
                    } finally {
                        inFlight.release();
                    }
                });
            }
            inFlight.acquire(concurrency);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("attachment upload interrupted; run again to finish", e);
        } finally {
            // Every upload has completed: no quiet period is needed before the threads stop.
            eventLoops.eventLoopGroup().shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** The CSV's content type; without one, a guess from the file name, else application/octet-stream. */
    private static String contentType(AttachmentRow row) {
        if (row.contentType() != null) {
            return row.contentType();
        }
        String guess = URLConnection.guessContentTypeFromName(SafeFileName.of(row.filename()));
        return guess == null ? "application/octet-stream" : guess;
    }

    private static SyncReport.Item item(AttachmentRow row, long bytes, String reason) {
        return new SyncReport.Item(row.attachmentId().toString(), row.legacyPath(), row.storageKey(), bytes, reason);
    }

    private static String bare(String etag) {
        return etag == null ? "" : etag.replace("\"", "");
    }

    /** Counts finished files and hands snapshots to the listener one at a time. */
    private final class ProgressCounter {
        private final SyncProgress.Phase phase;
        private final int totalFiles;
        private final long totalBytes;
        private final Outcomes outcomes;
        private int files;
        private long bytes;

        ProgressCounter(SyncProgress.Phase phase, int totalFiles, long totalBytes, Outcomes outcomes) {
            this.phase = phase;
            this.totalFiles = totalFiles;
            this.totalBytes = totalBytes;
            this.outcomes = outcomes;
        }

        synchronized void advance(int moreFiles, long moreBytes) {
            if (moreFiles == 0 && moreBytes == 0) {
                return;
            }
            files += moreFiles;
            bytes += moreBytes;
            progress.accept(new SyncProgress(phase, files, totalFiles, bytes, totalBytes, outcomes.failed.size()));
        }
    }
}
