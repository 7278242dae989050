/**
 * Monitoring of the nightly commands for people who are asleep: health pings to a dead man's switch
 * ({@code MIGRATOR_HEALTHCHECK_URL}), a Prometheus textfile per command ({@code MIGRATOR_METRICS_DIR}) and the
 * one-line outcome cron mails. It wraps a command from outside ({@link io.github.nightlymigration.monitoring.CommandWatch})
 * and never decides its outcome.
 */
package io.github.nightlymigration.monitoring;
