package dev.sessions.auth.mail;

import java.util.Map;

/** A message as the outbox keeps it: what it is, to whom, and the values its templates are rendered with. */
public record OutgoingMail(MailKind kind, String recipient, Map<String, String> data) {

    public OutgoingMail {
        data = Map.copyOf(data);
    }
}
