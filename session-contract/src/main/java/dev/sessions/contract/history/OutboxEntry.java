package dev.sessions.contract.history;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One entry of a history outbox stream ({@code ob:{b}}, one per bucket): what a writer appends (auth-service through
 * {@link #fields()}, the registry's scripts with the same names) and what the drain reads back ({@link #decode}).
 * Device and location travel as the session hash's short fields ({@link #DEVICE_FIELDS}, {@link #LOCATION_FIELDS}).
 */
public record OutboxEntry(
        String id,
        EventType type,
        EndReason reason,
        Instant at,
        String userId,
        String sessionId,
        ActorType actorType,
        String actorId,
        String ip,
        String userAgent,
        Map<String, String> details) {

    /**
     * How long the drain's dead letters are kept after the last one: long enough for a person to look at them. The
     * registry's {@code registry.history.outbox-ttl} defaults to it; the outbox streams themselves have no TTL (ADR 14).
     */
    public static final String STREAM_TTL = "P7D";

    public static final String ID = "id";
    public static final String TYPE = "type";
    public static final String REASON = "reason";
    public static final String AT = "at";
    public static final String USER_ID = "userId";
    public static final String SESSION_ID = "sessionId";
    public static final String ACTOR_TYPE = "actorType";
    public static final String ACTOR_ID = "actorId";
    public static final String IP = "ip";
    public static final String USER_AGENT = "ua";
    /** Device type, OS, OS version, browser, browser version. */
    public static final List<String> DEVICE_FIELDS = List.of("dt", "os", "osv", "br", "brv");
    /** On SIGNED_IN: the sign-in's flags, comma-separated names of {@code SessionFlag} (absent: none). */
    public static final String FLAGS = "flags";
    /** City, country name, country code. */
    public static final List<String> LOCATION_FIELDS = List.of("city", "cn", "cc");
    /** On SIGNED_IN: "1" when the session was opened with a second factor, "0" otherwise. */
    public static final String MFA = "mfa";
    /**
     * What a {@link EventType#SESSION_REPORTED} entry carries besides the event, for the report the drain stores with
     * it: report id, note, the reporter's email, and the session's sign-in and last activity (epoch ms, the session
     * hash's {@code c} and {@code l}).
     */
    public static final List<String> REPORT_FIELDS = List.of("reportId", "note", "email", "c", "l");

    /** An entry written now with a fresh id and no device or location (the drain resolves them). */
    public static OutboxEntry of(
            EventType type,
            Instant at,
            String userId,
            String sessionId,
            ActorType actorType,
            String actorId,
            String ip,
            String userAgent) {
        return new OutboxEntry(
                UUID.randomUUID().toString(),
                type,
                null,
                at,
                userId,
                sessionId,
                actorType,
                actorId,
                ip,
                userAgent,
                Map.of());
    }

    /** The stream fields, name then value, absent values left out (as {@code XADD} takes them). */
    public List<String> fields() {
        List<String> out = new ArrayList<>();
        field(out, ID, id);
        field(out, TYPE, type.name());
        field(out, REASON, reason == null ? null : reason.name());
        field(out, AT, Long.toString(at.toEpochMilli()));
        field(out, USER_ID, userId);
        field(out, SESSION_ID, sessionId);
        field(out, ACTOR_TYPE, actorType.name());
        field(out, ACTOR_ID, actorId);
        field(out, IP, ip);
        field(out, USER_AGENT, userAgent);
        details.forEach((name, value) -> field(out, name, value));
        return out;
    }

    /**
     * Reads an entry's fields: a {@link Decoded.Event}, or a {@link Decoded.Rejected} saying why it is none (an
     * unknown type or reason from a newer writer, a missing field): the drain keeps those aside, never drops them.
     */
    public static Decoded decode(Map<String, String> f) {
        if (f.isEmpty()) {
            return new Decoded.Rejected("empty entry");
        }
        EventType type = EventType.of(f.get(TYPE)).orElse(null);
        if (type == null) {
            return new Decoded.Rejected("unknown event type " + f.get(TYPE));
        }
        String reasonName = blankToNull(f.get(REASON));
        EndReason reason =
                reasonName == null ? null : EndReason.of(type, reasonName).orElse(null);
        if (reasonName != null && reason == null) {
            return new Decoded.Rejected("unknown reason " + reasonName + " for " + type);
        }
        ActorType actor = ActorType.of(f.get(ACTOR_TYPE)).orElse(null);
        if (actor == null) {
            return new Decoded.Rejected("unknown actor type " + f.get(ACTOR_TYPE));
        }
        String userId = blankToNull(f.get(USER_ID));
        Instant at = parseMillis(f.get(AT));
        if (userId == null || at == null) {
            return new Decoded.Rejected("no userId or at");
        }
        Map<String, String> details = new LinkedHashMap<>();
        for (String name : DEVICE_FIELDS) {
            putIfPresent(details, name, f.get(name));
        }
        for (String name : LOCATION_FIELDS) {
            putIfPresent(details, name, f.get(name));
        }
        putIfPresent(details, MFA, f.get(MFA));
        putIfPresent(details, FLAGS, f.get(FLAGS));
        if (type == EventType.SESSION_REPORTED) {
            for (String name : REPORT_FIELDS) {
                putIfPresent(details, name, f.get(name));
            }
        }
        return new Decoded.Event(new OutboxEntry(
                blankToNull(f.get(ID)),
                type,
                reason,
                at,
                userId,
                blankToNull(f.get(SESSION_ID)),
                actor,
                blankToNull(f.get(ACTOR_ID)),
                blankToNull(f.get(IP)),
                f.get(USER_AGENT),
                details));
    }

    /** What an outbox entry turned out to be. */
    public sealed interface Decoded {
        /** A history event. */
        record Event(OutboxEntry entry) implements Decoded {}

        /** Not a history event this version can store, and why. */
        record Rejected(String why) implements Decoded {}
    }

    private static void field(List<String> out, String name, String value) {
        if (value != null) {
            out.add(name);
            out.add(value);
        }
    }

    private static void putIfPresent(Map<String, String> details, String name, String value) {
        if (value != null && !value.isEmpty()) {
            details.put(name, value);
        }
    }

    private static Instant parseMillis(String millis) {
        try {
            return Instant.ofEpochMilli(Long.parseLong(millis));
        } catch (NumberFormatException | NullPointerException e) {
            return null;
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
