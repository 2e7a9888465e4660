package dev.sessions.contract.history;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account console words events and reasons from one table ({@code gateway-config/console/assets/labels.js}):
 * every event type and reason of the contract has its entry there, with the reason's kind, and nothing else does.
 */
class ConsoleLabelsTest {

    private static final Path LABELS = Path.of("../gateway-config/console/assets/labels.js");
    private static final Pattern ENTRY =
            Pattern.compile("^\\s+([A-Z][A-Z_]*): \\{ label: '([^']+)'(.*)\\},$", Pattern.MULTILINE);
    private static final Pattern KIND = Pattern.compile("kind: '([A-Z]+)'");

    @Test
    void everyEventTypeHasALabelAndEveryLabelAnEventType() throws IOException {
        Map<String, String> events = entries("EVENTS");
        assertThat(events.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(EventType.values()).map(Enum::name).toList());
        assertThat(events.values()).allMatch(rest -> rest.contains("icon: '") && rest.contains("tone: '"));
    }

    @Test
    void everyReasonHasALabelWithItsKindAndEveryLabelAReason() throws IOException {
        Map<String, String> reasons = entries("REASONS");
        assertThat(reasons.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(EndReason.values()).map(Enum::name).toList());
        for (EndReason reason : EndReason.values()) {
            Matcher kind = KIND.matcher(reasons.get(reason.name()));
            assertThat(kind.find()).as("kind of %s", reason).isTrue();
            assertThat(kind.group(1))
                    .as("kind of %s", reason)
                    .isEqualTo(reason.kind().name());
        }
    }

    /** The entries of {@code export const <name> = { ... };}: name → the text after the label. */
    private static Map<String, String> entries(String table) throws IOException {
        String source = Files.readString(LABELS);
        int start = source.indexOf("export const " + table + " = {");
        assertThat(start).as("table %s in %s", table, LABELS).isNotNegative();
        String body = source.substring(start, source.indexOf("\n};", start));
        Map<String, String> entries = new LinkedHashMap<>();
        Matcher m = ENTRY.matcher(body);
        while (m.find()) {
            assertThat(entries.put(m.group(1), m.group(3)))
                    .as("%s listed twice", m.group(1))
                    .isNull();
        }
        return entries;
    }
}
