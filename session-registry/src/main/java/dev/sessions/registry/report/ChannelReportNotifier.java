package dev.sessions.registry.report;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Command;
import org.jboss.logging.Logger;

import dev.sessions.contract.revocation.ChannelMessage;
import dev.sessions.registry.config.RegistryConfig;
import dev.sessions.registry.device.Device;
import dev.sessions.registry.geo.Location;

/**
 * Announces a new report on the revocation channel, where every auth-service instance hears it and mails the active
 * admins (the registry knows neither admins nor mail). Pub/sub is at most once: a report filed while no auth-service
 * listens is mailed to nobody, but it is listed on the admins' Reports page all the same.
 */
@ApplicationScoped
public class ChannelReportNotifier implements ReportNotifier {

    private static final Logger LOG = Logger.getLogger(ChannelReportNotifier.class);

    private final ReactiveRedisDataSource redis;
    private final String channel;

    ChannelReportNotifier(ReactiveRedisDataSource redis, RegistryConfig config) {
        this.redis = redis;
        this.channel = config.revocation().channel();
    }

    @Override
    public Uni<Void> filed(Report report) {
        LOG.infof("Session %s reported by user %s (report %s)", report.session().id(), report.userId(), report.id());
        Report.ReportedSession session = report.session();
        ChannelMessage.Reported message = new ChannelMessage.Reported(
                report.id().toString(),
                report.email(),
                device(session.device()),
                session.ipAddress(),
                place(session.location()),
                report.note(),
                report.reportedAt() == null ? null : report.reportedAt().toEpochMilli());
        return redis.execute(Command.PUBLISH, channel, message.toJson()).replaceWithVoid();
    }

    private static String device(Device device) {
        return device == null ? null : device.type() + ", " + device.os() + ", " + device.browser();
    }

    private static String place(Location location) {
        if (location == null || location.country() == null) {
            return null;
        }
        return location.city() == null ? location.country() : location.city() + ", " + location.country();
    }
}
