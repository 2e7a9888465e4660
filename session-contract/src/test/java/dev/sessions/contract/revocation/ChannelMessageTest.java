package dev.sessions.contract.revocation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The revocation channel's messages, as the scripts (cjson) and the registry instances write them. */
class ChannelMessageTest {

    @Test
    void theScriptsAnnouncementsAreRead() {
        assertThat(ChannelMessage.parse("{\"sid\":\"s1\",\"uid\":\"u1\",\"until\":1700000000123}"))
                .contains(new ChannelMessage.Revocation("s1", "u1", 1_700_000_000_123L, null, null));
        assertThat(ChannelMessage.parse(
                        "{\"sid\":\"s1\",\"uid\":\"u1\",\"until\":5,\"reason\":\"ADMIN_REVOKED\",\"at\":4}"))
                .contains(new ChannelMessage.Revocation("s1", "u1", 5L, "ADMIN_REVOKED", 4L));
        assertThat(ChannelMessage.parse("{\"opened\":\"s2\",\"uid\":\"u1\"}"))
                .contains(new ChannelMessage.Opened("s2", "u1"));
        assertThat(ChannelMessage.parse("{\"changed\":\"s2\",\"uid\":\"u1\"}"))
                .contains(new ChannelMessage.Changed("s2", "u1"));
        assertThat(ChannelMessage.parse("{\"ack\":\"a1\",\"to\":\"revocations:acks:i1\"}"))
                .contains(new ChannelMessage.AckRequest("a1", "revocations:acks:i1"));
    }

    @Test
    void messagesRoundTrip() {
        for (ChannelMessage message : new ChannelMessage[] {
            new ChannelMessage.Revocation("s1", "u1", 5L, "SIGNED_OUT", 3L),
            new ChannelMessage.Opened("s2", "u1"),
            new ChannelMessage.Changed("s2", "u1"),
            new ChannelMessage.AckRequest("a1", "c:acks:i"),
            new ChannelMessage.Heartbeat("host:1#abc", 7L),
            new ChannelMessage.Reported(
                    "r1", "ada@example.com", "Computer, Linux, Firefox", "81.2.69.142", "London", "not me", 9L),
            new ChannelMessage.Reported("r2", null, null, null, null, null, null)
        }) {
            assertThat(ChannelMessage.parse(message.toJson())).contains(message);
        }
    }

    @Test
    void anythingElseIsNoMessage() {
        assertThat(ChannelMessage.parse("not json")).isEmpty();
        assertThat(ChannelMessage.parse("[1,2]")).isEmpty();
        assertThat(ChannelMessage.parse("{\"sid\":\"\"}")).isEmpty();
        assertThat(ChannelMessage.parse("{\"uid\":\"u1\"}")).isEmpty();
    }

    @Test
    void acknowledgementsGoOnlyToTheChannelsAcknowledgementChannels() {
        RevocationChannel channel = new RevocationChannel("revocations");
        assertThat(channel.isAckChannel(channel.ackChannel("i1"))).isTrue();
        assertThat(channel.isAckChannel("other:acks:i1")).isFalse();
        assertThat(channel.isAckChannel("revocations")).isFalse();
        assertThat(channel.isAckChannel(null)).isFalse();
        String body = RevocationChannel.acknowledgement("a1", "host:8080#abcd");
        assertThat(RevocationChannel.acknowledgedId(body)).isEqualTo("a1");
        assertThat(RevocationChannel.acknowledgedBy(body)).isEqualTo("host:8080#abcd");
        assertThat(RevocationChannel.acknowledgedBy(RevocationChannel.acknowledgement("a1", null)))
                .isNull();
    }
}
