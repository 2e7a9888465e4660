package dev.sessions.contract.revocation;

import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON messages on the revocation channel. The revocation scripts publish {@link Revocation} and
 * {@link AckRequest}, the sign-in script {@link Opened} (built in Lua with the same field names); registry instances
 * publish {@link Heartbeat}.
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
        if (json.path(Opened.OPENED).isTextual()) {
            return Optional.of(new Opened(
                    json.get(Opened.OPENED).asText(), json.path(Opened.UID).asText(null)));
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
