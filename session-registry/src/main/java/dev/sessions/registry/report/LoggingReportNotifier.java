package dev.sessions.registry.report;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.arc.DefaultBean;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/** Tells of a new report in the log only, until a notifier that reaches the admins is configured. */
@DefaultBean
@ApplicationScoped
public class LoggingReportNotifier implements ReportNotifier {

    private static final Logger LOG = Logger.getLogger(LoggingReportNotifier.class);

    @Override
    public Uni<Void> filed(Report report) {
        LOG.infof("Session %s reported by user %s (report %s)", report.session().id(), report.userId(), report.id());
        return Uni.createFrom().voidItem();
    }
}
