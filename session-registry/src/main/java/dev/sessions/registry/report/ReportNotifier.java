package dev.sessions.registry.report;

import io.smallrye.mutiny.Uni;

/**
 * The hook for telling the admins of a new report (e.g. by mail): called once per report, after it is stored in
 * PostgreSQL, by the outbox drain. A failure is logged and does not hold the drain back, so delivery is at most once.
 * {@link LoggingReportNotifier} is the default; a bean implementing this interface replaces it.
 */
public interface ReportNotifier {

    Uni<Void> filed(Report report);
}
