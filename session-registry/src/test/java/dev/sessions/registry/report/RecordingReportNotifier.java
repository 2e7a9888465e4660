package dev.sessions.registry.report;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import io.smallrye.mutiny.Uni;

/** Replaces the logging notifier in tests, the way a mail notifier will: remembers what it was told. */
@Alternative
@Priority(1)
@ApplicationScoped
public class RecordingReportNotifier implements ReportNotifier {

    private final List<Report> filed = new CopyOnWriteArrayList<>();

    /** What it was told so far (a method: the test holds a client proxy, whose fields are its own). */
    List<Report> filed() {
        return List.copyOf(filed);
    }

    @Override
    public Uni<Void> filed(Report report) {
        filed.add(report);
        return Uni.createFrom().voidItem();
    }
}
