package dev.sessions.registry.history;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;

import dev.sessions.contract.history.EventType;
import dev.sessions.contract.history.OutboxEntry;
import dev.sessions.registry.device.Device;
import dev.sessions.registry.device.DeviceResolver;
import dev.sessions.registry.geo.Location;
import dev.sessions.registry.geo.LocationResolver;
import dev.sessions.registry.redis.SessionFields;
import dev.sessions.registry.session.SignInFlags;

/**
 * Turns an outbox entry into the history event stored: decoded with the contract's codec, with the device and place
 * the writer knew, or else resolved here from the User-Agent and address.
 */
@ApplicationScoped
public class HistoryEnricher {

    private final DeviceResolver devices;
    private final LocationResolver locations;

    HistoryEnricher(DeviceResolver devices, LocationResolver locations) {
        this.devices = devices;
        this.locations = locations;
    }

    /** What an entry holds: an event to store, or why this version cannot store it. */
    sealed interface Outcome {
        /** An event to store, and what its entry carried besides it (a report: {@code OutboxEntry.REPORT_FIELDS}). */
        record Stored(HistoryEvent event, Map<String, String> details) implements Outcome {}

        /** Not an event this version stores (an unknown type or reason from a newer writer, a missing field). */
        record Rejected(String why) implements Outcome {}
    }

    /** The outcome of the entry with this stream id and fields. */
    Uni<Outcome> toEvent(String streamId, Map<String, String> fields) {
        OutboxEntry.Decoded decoded = OutboxEntry.decode(fields);
        if (decoded instanceof OutboxEntry.Decoded.Event event) {
            return enrich(streamId, event.entry())
                    .map(stored -> new Outcome.Stored(stored, event.entry().details()));
        }
        return Uni.createFrom().item(new Outcome.Rejected(((OutboxEntry.Decoded.Rejected) decoded).why()));
    }

    private Uni<HistoryEvent> enrich(String streamId, OutboxEntry e) {
        UUID id = parseId(e.id(), streamId);
        Location located = SessionFields.location(e.details());
        Location location = located != null ? located : locations.locate(e.ip()).orElse(null);
        Device known = SessionFields.device(e.details());
        Uni<Device> device = known != null
                ? Uni.createFrom().item(known)
                : e.userAgent() != null
                        ? devices.resolve(e.userAgent())
                        : Uni.createFrom().nullItem();
        return device.map(d -> new HistoryEvent(
                id,
                e.userId(),
                e.sessionId(),
                e.type().name(),
                e.reason() == null ? null : e.reason().name(),
                e.at(),
                e.actorType().name(),
                e.actorId(),
                e.ip(),
                location,
                d,
                mfa(e),
                e.type() == EventType.SIGNED_IN ? SignInFlags.parse(e.details().get(OutboxEntry.FLAGS)) : null));
    }

    /** For SIGNED_IN only: whether its session was opened with a second factor (older entries: false). */
    private static Boolean mfa(OutboxEntry e) {
        return e.type() == EventType.SIGNED_IN ? "1".equals(e.details().get(OutboxEntry.MFA)) : null;
    }

    private static UUID parseId(String id, String streamId) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            // a writer that sent no usable id still gets exactly-once storage: the stream entry id is stable
            return UUID.nameUUIDFromBytes(("outbox:" + streamId).getBytes(StandardCharsets.UTF_8));
        }
    }
}
