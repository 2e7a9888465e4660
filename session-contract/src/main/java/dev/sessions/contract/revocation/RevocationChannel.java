package dev.sessions.contract.revocation;

/**
 * Names on the revocation channel: each revoking registry instance hears acknowledgements on a channel of its own,
 * {@code <channel>:acks:<instance uuid>}, and a subscriber acknowledges only on a channel of that form, so that a
 * message on the channel cannot make it publish anywhere else.
 */
public final class RevocationChannel {

    private static final String ACKS = ":acks:";

    private final String channel;

    /** The channel as configured ({@code auth.revocation.channel}, {@code registry.revocation.channel}). */
    public RevocationChannel(String channel) {
        this.channel = channel;
    }

    /** The channel itself. */
    public String name() {
        return channel;
    }

    /** The acknowledgement channel of one registry instance. */
    public String ackChannel(String instanceId) {
        return ackPrefix() + instanceId;
    }

    /** Whether {@code to} is an acknowledgement channel of this channel. */
    public boolean isAckChannel(String to) {
        return to != null
                && to.startsWith(ackPrefix())
                && to.length() > ackPrefix().length();
    }

    /** The body of an acknowledgement: the id, then the registry instance's name ({@code null}: auth-service's). */
    public static String acknowledgement(String ackId, String instance) {
        return instance == null ? ackId : ackId + " " + instance;
    }

    /** The acknowledged id of an acknowledgement body. */
    public static String acknowledgedId(String body) {
        int space = body.indexOf(' ');
        return space < 0 ? body : body.substring(0, space);
    }

    /** The registry instance that sent an acknowledgement body, or null when auth-service sent it. */
    public static String acknowledgedBy(String body) {
        int space = body.indexOf(' ');
        return space < 0 ? null : body.substring(space + 1);
    }

    private String ackPrefix() {
        return channel + ACKS;
    }
}
