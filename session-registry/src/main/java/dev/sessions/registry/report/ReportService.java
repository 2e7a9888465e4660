package dev.sessions.registry.report;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import dev.sessions.contract.schema.SchemaMigration;
import dev.sessions.registry.config.RegistryConfig;
import dev.sessions.registry.error.Problems;
import dev.sessions.registry.revocation.RevocationService;
import dev.sessions.registry.security.AccessToken;

/**
 * Reports: a user reports one of their other sessions (revoked at once, the report written with the revocation
 * through the outbox), the drain stores it and tells the {@link ReportNotifier}, admins list and resolve them.
 */
@ApplicationScoped
public class ReportService {

    private static final Logger LOG = Logger.getLogger(ReportService.class);
    /** The contract's limit on a note, in characters (code points). */
    static final int MAX_NOTE_LENGTH = 1_000;
    /** Page sizes as on the admin user list: 20 unless asked, at most 100. */
    static final int DEFAULT_PAGE_SIZE = 20;

    static final int MAX_PAGE_SIZE = 100;
    private static final String UNAVAILABLE = "Reports cannot be read right now; try again later.";

    private final RevocationService revocations;
    private final ReportStore store;
    private final ReportNotifier notifier;
    private final Clock clock;
    private final SchemaMigration schema;
    private final Duration schemaWait;

    ReportService(
            RevocationService revocations,
            ReportStore store,
            ReportNotifier notifier,
            Clock clock,
            SchemaMigration schema,
            RegistryConfig config) {
        this.revocations = revocations;
        this.store = store;
        this.notifier = notifier;
        this.clock = clock;
        this.schema = schema;
        this.schemaWait = config.history().schemaWait();
    }

    /**
     * Reports one of the caller's live sessions and revokes it (REPORTED); 400 for the caller's own session or a note
     * over the limit, 404 for anything that is not a live session of the caller.
     */
    public Uni<ReportCreated> report(AccessToken caller, String sessionId, String note) {
        if (sessionId.equals(caller.sessionId())) {
            throw Problems.problem(
                    Response.Status.BAD_REQUEST, "The current session cannot be reported; sign out instead.");
        }
        String kept = note == null || note.isBlank() ? null : note.strip();
        if (kept != null && kept.codePointCount(0, kept.length()) > MAX_NOTE_LENGTH) {
            throw Problems.problem(
                    Response.Status.BAD_REQUEST, "note must be at most " + MAX_NOTE_LENGTH + " characters.");
        }
        if (sessionId.length() > 128) {
            throw notFound();
        }
        UUID reportId = UUID.randomUUID();
        return revocations
                .report(caller.userId(), sessionId, reportId, kept, caller.email())
                .map(reported -> {
                    if (!reported) {
                        throw notFound();
                    }
                    return new ReportCreated(reportId);
                });
    }

    /**
     * Stores the reports the drain read with their events; each one new here is announced once to the notifier,
     * whose failure does not hold the drain back.
     */
    public Uni<Void> recordAll(List<Report> reports) {
        if (reports.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom()
                .iterable(reports)
                .onItem()
                .transformToUniAndConcatenate(report -> store.insert(report)
                        .chain(isNew -> isNew
                                ? notifier.filed(report)
                                        .onFailure()
                                        .invoke(f ->
                                                LOG.warnf("Report %s stored, but not announced: %s", report.id(), f))
                                        .onFailure()
                                        .recoverWithNull()
                                : Uni.createFrom().voidItem()))
                .collect()
                .last()
                .replaceWithVoid();
    }

    /** One page of reports, newest first; {@code status} OPEN, RESOLVED or null for both. */
    public Uni<ReportPage> page(String status, Integer page, Integer size) {
        String wanted =
                status == null || status.isBlank() ? null : status.strip().toUpperCase(Locale.ROOT);
        if (wanted != null && !Report.OPEN.equals(wanted) && !Report.RESOLVED.equals(wanted)) {
            throw Problems.problem(Response.Status.BAD_REQUEST, "status must be OPEN or RESOLVED.");
        }
        int pageSize = size == null ? DEFAULT_PAGE_SIZE : Math.min(size, MAX_PAGE_SIZE);
        int pageNumber = page == null ? 0 : page;
        return schema.migrated(schemaWait)
                .chain(() -> Uni.combine()
                        .all()
                        .unis(store.page(wanted, (long) pageNumber * pageSize, pageSize), store.count(wanted))
                        .with((items, total) -> new ReportPage(items, pageNumber, pageSize, total)))
                .onFailure()
                .transform(f -> Problems.problem(Response.Status.SERVICE_UNAVAILABLE, UNAVAILABLE));
    }

    /** Resolves a report (again: no change); 404 when there is none with this id. */
    public Uni<Void> resolve(String adminId, String reportId) {
        UUID id;
        try {
            id = UUID.fromString(reportId);
        } catch (IllegalArgumentException e) {
            throw noSuchReport();
        }
        return schema.migrated(schemaWait)
                .chain(() -> store.resolve(id, adminId, clock.instant()))
                .onFailure()
                .transform(f -> Problems.problem(Response.Status.SERVICE_UNAVAILABLE, UNAVAILABLE))
                .map(found -> {
                    if (!found) {
                        throw noSuchReport();
                    }
                    return null;
                });
    }

    private static RuntimeException notFound() {
        return Problems.problem(Response.Status.NOT_FOUND, "No live session of yours has this id.");
    }

    private static RuntimeException noSuchReport() {
        return Problems.problem(Response.Status.NOT_FOUND, "No report has this id.");
    }
}
