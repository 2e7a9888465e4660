package dev.sessions.auth.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.sessions.testing.TcpProxy;

/**
 * What a test sees of the mail server: the messages MailDev caught (its REST API, {@code GET /email}), and the link
 * between auth-service and MailDev's SMTP port, which it can cut (a server that is down) or freeze (one that hangs).
 */
public final class MailBox {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RESET_TOKEN = Pattern.compile("/reset-password#token=([A-Za-z0-9_-]+)");

    // HTTP/1.1: MailDev (Node) drops a connection that asks to upgrade to h2c, as Java's client does by default
    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String webUrl;
    private final TcpProxy smtpLink;
    private boolean cut;

    MailBox(String webUrl, TcpProxy smtpLink) {
        this.webUrl = webUrl;
        this.smtpLink = smtpLink;
    }

    /** A message as MailDev caught it. */
    public record Message(String subject, List<String> to, String from, String text, String html) {

        /** The token of the reset link in the plain-text part. */
        public String resetToken() {
            Matcher matcher = RESET_TOKEN.matcher(text);
            if (!matcher.find()) {
                throw new AssertionError("no reset link in: " + text);
            }
            return matcher.group(1);
        }
    }

    /** Every message caught for this address, oldest first. */
    public List<Message> to(String address) {
        List<Message> found = new ArrayList<>();
        for (JsonNode mail : all()) {
            List<String> to = new ArrayList<>();
            mail.path("to")
                    .forEach(recipient -> to.add(recipient.path("address").asText()));
            if (to.stream().anyMatch(a -> a.equalsIgnoreCase(address))) {
                found.add(new Message(
                        mail.path("subject").asText(),
                        to,
                        mail.path("from").path(0).path("address").asText(),
                        mail.path("text").asText(),
                        mail.path("html").asText()));
            }
        }
        return found;
    }

    /** The messages for this address with this subject. */
    public List<Message> to(String address, String subject) {
        return to(address).stream()
                .filter(message -> message.subject().toLowerCase(Locale.ROOT).equals(subject.toLowerCase(Locale.ROOT)))
                .toList();
    }

    /** The SMTP server goes away: no new connections, open ones dropped. */
    public synchronized void down() {
        smtpLink.cut();
        cut = true;
    }

    /** The SMTP server hangs: connections stay open, nothing is answered. */
    public void freeze() {
        smtpLink.freeze();
    }

    /** The SMTP server is back. */
    public synchronized void up() {
        smtpLink.thaw();
        if (cut) {
            smtpLink.open();
            cut = false;
        }
    }

    private JsonNode all() {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(webUrl + "/email")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("MailDev: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
