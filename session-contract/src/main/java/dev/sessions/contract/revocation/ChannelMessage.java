package dev.sessions.contract.revocation;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON messages on the revocation channel. The revocation scripts publish {@link Revocation} and
 * {@link AckRequest}, the sign-in script {@link Opened}, the scripts that refresh a session or record its activity
 * {@link Changed} (built in Lua with the same field names); registry instances
 * publish {@link Heartbeat}, and {@link Reported} once a report is stored, for auth-service to mail the admins.
 */
public sealed interface ChannelMessage {

    /** The JSON of this message. */
    String toJson();

    /** The message a channel body holds, or empty when it is none of these (a listener ignores it). */
    static Optional<ChannelMessage> parse(String body) {
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
        if (json == null || !json.isObject()) {
            return Optional.empty();
        }
        if (json.path(Heartbeat.BEAT).isTextual()) {
            return Optional.of(new Heartbeat(
                    json.get(Heartbeat.BEAT).asText(),
                    json.path(Heartbeat.N).canConvertToLong()
                            ? json.get(Heartbeat.N).asLong()
                            : null));
        }
        if (json.path(AckRequest.ACK).isTextual()) {
            return Optional.of(new AckRequest(
                    json.get(AckRequest.ACK).asText(), json.path(AckRequest.TO).asText(null)));
        }
        if (json.path(Reported.REPORTED).isTextual()) {
            return Optional.of(new Reported(
                    json.get(Reported.REPORTED).asText(),
                    json.path(Reported.EMAIL).asText(null),
                    json.path(Reported.DEVICE).asText(null),
                    json.path(Reported.IP).asText(null),
                    json.path(Reported.LOCATION).asText(null),
                    json.path(Reported.NOTE).asText(null),
                    json.path(Reported.AT).canConvertToLong()
                            ? json.get(Reported.AT).asLong()
                            : null));
        }
        if (json.path(Opened.OPENED).isTextual()) {
            return Optional.of(new Opened(
                    json.get(Opened.OPENED).asText(), json.path(Opened.UID).asText(null)));
        }
        if (json.path(Changed.CHANGED).isTextual()) {
            return Optional.of(new Changed(
                    json.get(Changed.CHANGED).asText(), json.path(Changed.UID).asText(null)));
        }
        String sid =
                json.path(Revocation.SID).isTextual() ? json.get(Revocation.SID).asText() : null;
        if (sid == null || sid.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new Revocation(
                sid,
                json.path(Revocation.UID).asText(null),
                json.path(Revocation.UNTIL).canConvertToLong()
                        ? json.get(Revocation.UNTIL).asLong()
                        : null,
                json.path(Revocation.REASON).isTextual()
                        ? json.get(Revocation.REASON).asText()
                        : null,
                json.path(Revocation.AT).canConvertToLong()
                        ? json.get(Revocation.AT).asLong()
                        : null));
    }

    /**
     * A session ended: its id, its user, when its denylist entry lapses (epoch ms), why, as the denylist entry says
     * it (an {@link dev.sessions.contract.history.EndReason} name, or {@code SIGNED_OUT}), and when it ended (epoch
     * ms); reason and time are null from an older script.
     */
    record Revocation(String sid, String uid, Long until, String reason, Long at) implements ChannelMessage {
        static final String SID = "sid";
        static final String UID = "uid";
        static final String UNTIL = "until";
        static final String REASON = "reason";
        static final String AT = "at";

        @Override
        public String toJson() {
            ObjectNode json = Json.MAPPER.createObjectNode().put(SID, sid).put(UID, uid);
            if (until != null) {
                json.put(UNTIL, until);
            }
            if (reason != null) {
                json.put(REASON, reason);
            }
            return (at == null ? json : json.put(AT, at)).toString();
        }
    }

    /** A session was opened (its id and user), so that the user's other live streams can tell their pages. */
    record Opened(String opened, String uid) implements ChannelMessage {
        static final String OPENED = "opened";
        static final String UID = "uid";

        @Override
        public String toJson() {
            return Json.MAPPER
                    .createObjectNode()
                    .put(OPENED, opened)
                    .put(UID, uid)
                    .toString();
        }
    }

    /**
     * A live session's listed fields changed (its id and user): a refresh moved its deadline, address, place or device,
     * or its activity was recorded, so that instances that keep the user's list (ADR 22) read it again.
     */
    record Changed(String changed, String uid) implements ChannelMessage {
        static final String CHANGED = "changed";
        static final String UID = "uid";

        @Override
        public String toJson() {
            return Json.MAPPER
                    .createObjectNode()
                    .put(CHANGED, changed)
                    .put(UID, uid)
                    .toString();
        }
    }

    /**
     * A user reported one of their sessions (report id), for the admins' mail: the reporter's email, the session's
     * device, address and location as a person reads them, the note, and when (epoch ms). Any may be null.
     */
    record Reported(String reported, String email, String device, String ip, String location, String note, Long at)
            implements ChannelMessage {
        static final String REPORTED = "reported";
        static final String EMAIL = "email";
        static final String DEVICE = "device";
        static final String IP = "ip";
        static final String LOCATION = "location";
        static final String NOTE = "note";
        static final String AT = "at";

        @Override
        public String toJson() {
            ObjectNode json = Json.MAPPER
                    .createObjectNode()
                    .put(REPORTED, reported)
                    .put(EMAIL, email)
                    .put(DEVICE, device)
                    .put(IP, ip)
                    .put(LOCATION, location)
                    .put(NOTE, note);
            return (at == null ? json : json.put(AT, at)).toString();
        }
    }

    /**
     * After its announcements, a revocation asks every subscriber to acknowledge {@code ack} on {@code to}, which must
     * be one of the channel's acknowledgement channels (see {@link RevocationChannel}).
     */
    record AckRequest(String ack, String to) implements ChannelMessage {
        static final String ACK = "ack";
        static final String TO = "to";

        @Override
        public String toJson() {
            return Json.MAPPER.createObjectNode().put(ACK, ack).put(TO, to).toString();
        }
    }

    /** A registry instance's heartbeat: its name ({@code host:port#id}) and sequence number (ADR 7). */
    record Heartbeat(String beat, Long n) implements ChannelMessage {
        static final String BEAT = "beat";
        static final String N = "n";

        @Override
        public String toJson() {
            ObjectNode json = Json.MAPPER.createObjectNode().put(BEAT, beat);
            return (n == null ? json : json.put(N, n)).toString();
        }
    }

    /** The mapper of channel messages: no modules, no configuration, so a plain one is enough. */
    final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();

        private Json() {}
    }
}
