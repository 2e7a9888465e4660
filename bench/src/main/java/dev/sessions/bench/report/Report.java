package dev.sessions.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Turns the key=value lines bench/run collected into the table it prints and into docs/benchmarks.md: machine,
 * date, commit, figures, ratios from the same run, each target met or missed, then the method and findings
 * (bench/notes/*.md, written by hand because they explain rather than measure).
 */
public final class Report {

    private final List<Map<String, String>> lines = new ArrayList<>();
    private final List<String[]> rows = new ArrayList<>();

    private Report(List<String> raw) {
        for (String line : raw) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length == 0 || parts[0].isEmpty()) {
                continue;
            }
            Map<String, String> values = new LinkedHashMap<>();
            values.put("kind", parts[0]);
            for (int i = 1; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq > 0) {
                    values.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
                }
            }
            lines.add(values);
        }
    }

    /** args: results file, markdown output, notes folder; machine facts come from the environment bench/run sets. */
    public static void main(String[] args) throws IOException {
        Report report = new Report(Files.readAllLines(Path.of(args[0])));
        report.buildRows();
        String table = report.table();
        System.out.println(table);
        Files.writeString(Path.of(args[1]), report.markdown(table, Path.of(args[2])));
    }

    private Optional<Map<String, String>> find(String kind, String name) {
        return lines.stream()
                .filter(l -> kind.equals(l.get("kind")) && name.equals(l.get("name")))
                .reduce((a, b) -> b);
    }

    private List<Map<String, String>> all(String kind, Predicate<Map<String, String>> filter) {
        return lines.stream()
                .filter(l -> kind.equals(l.get("kind")) && filter.test(l))
                .toList();
    }

    private static double num(Map<String, String> line, String key) {
        return Double.parseDouble(line.getOrDefault(key, "0"));
    }

    private static String ms(Map<String, String> line, String key) {
        return String.format(Locale.ROOT, "%.2f ms", num(line, key) / 1000.0);
    }

    private static String rate(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String pct(double value) {
        return String.format(Locale.ROOT, "%.0f%%", value * 100);
    }

    private static String verdict(boolean met) {
        return met ? "met" : "**missed**";
    }

    /** A wrk step of issue 16's side-by-side shape, met at {@code goal} requests/s without errors. */
    private void rateRow(String name, String workload, int goal) {
        find("RESULT", name)
                .ifPresent(r -> row(
                        workload + " (issue 16's shape)",
                        load(r),
                        String.format(Locale.ROOT, "≥ %,d req/s", goal),
                        verdict(num(r, "rate") >= goal && num(r, "errors") == 0)));
    }

    private void row(String workload, String measured, String target, String result) {
        rows.add(new String[] {workload, measured, target, result});
    }

    /** The cluster family (bench/run workload_cluster): the services on a Redis Cluster of 3 masters + 3 replicas. */
    private void clusterRows() {
        find("RESULT", "visibility").ifPresent(r -> {
            Map<String, String> after =
                    find("RESULT", "visibility_after_return").orElse(Map.of());
            row(
                    "   cluster: revocation on registry A refused through a gateway served by registry B, "
                            + r.get("ok") + " revocations",
                    "p50 " + ms(r, "p50_us") + ", p99 " + ms(r, "p99_us") + " from sending the revocation to the"
                            + " gateway's first 401 (after A's answer: p50 " + ms(after, "p50_us") + ", p99 "
                            + ms(after, "p99_us") + "); stale 200s after the answer: " + r.get("stale") + ", errors "
                            + r.get("errors"),
                    "p99 ≤ 10 ms",
                    verdict(num(r, "p99_us") <= 10_000 && num(r, "errors") == 0 && "0".equals(r.get("stale"))));
        });
        find("RESULT", "cluster_whoami_2_registries").ifPresent(two -> {
            Map<String, String> one =
                    find("RESULT", "cluster_whoami_1_registry").orElse(Map.of());
            double ratio = num(one, "rate") > 0 ? num(two, "rate") / num(one, "rate") : 0;
            row(
                    "   cluster: `GET /api/whoami`, " + two.get("connections") + " connections, checks by 2 registries"
                            + " vs 1",
                    "2: " + load(two) + "; 1: " + load(one) + "; ratio " + String.format(Locale.ROOT, "%.2f", ratio),
                    "",
                    "");
        });
        all("CLUSTER_MEMORY", l -> true).stream()
                .findFirst()
                .ifPresent(m -> row(
                        "   cluster: Redis bytes per live session, summed over the 3 masters",
                        m.get("bytes_per_session") + " bytes (" + m.get("sessions")
                                + " sessions opened; each replica holds as much again)",
                        "",
                        ""));
    }

    private String load(Map<String, String> r) {
        return rate(num(r, "rate")) + " req/s, p50 " + ms(r, "p50_us") + ", p99 " + ms(r, "p99_us") + ", errors "
                + r.get("errors");
    }

    private void buildRows() {
        for (String conns : List.of("16", "64")) {
            Optional<Map<String, String>> gw = find("RESULT", "gateway_whoami_" + conns);
            Optional<Map<String, String>> ceiling = find("RESULT", "ceiling_whoami_" + conns);
            if (gw.isPresent() && ceiling.isPresent()) {
                double ratio = num(gw.get(), "rate") / num(ceiling.get(), "rate");
                boolean p99 = num(gw.get(), "p99_us") <= 10_000;
                boolean errors = num(gw.get(), "errors") == 0;
                row(
                        "1. `GET /api/whoami` through the gateway, " + conns + " connections",
                        load(gw.get()),
                        conns.equals("64") ? "≥ 50% of ceiling, p99 ≤ 10 ms" : "≥ 50% of ceiling",
                        verdict(ratio >= 0.5 && errors && (!conns.equals("64") || p99)) + " (" + pct(ratio) + ")");
                row(
                        "   ceiling: same route, check answered 204 by nginx, " + conns + " connections",
                        load(ceiling.get()),
                        "",
                        "");
            }
            // issue 16: the shape of the side-by-side comparison, nginx alone with auth_request to a static 204
            Optional<Map<String, String>> bare = find("RESULT", "static_whoami_" + conns);
            if (gw.isPresent() && bare.isPresent()) {
                double ratio = num(gw.get(), "rate") / num(bare.get(), "rate");
                row(
                        "   static ceiling: nginx alone, `auth_request` to a static 204, static body, " + conns
                                + " connections",
                        load(bare.get()),
                        "gateway ≥ 60% of it",
                        verdict(ratio >= 0.6 && num(gw.get(), "errors") == 0) + " (" + pct(ratio) + ")");
            }
        }
        Optional<Map<String, String>> paced = find("RESULT", "gateway_whoami_64_paced");
        Optional<Map<String, String>> pacedCeiling = find("RESULT", "ceiling_whoami_64_paced");
        if (paced.isPresent()) {
            String pause = paced.get().getOrDefault("pace_ms", "?");
            row(
                    "   paced: 64 connections, each pausing " + pause + " ms between requests (below saturation)",
                    load(paced.get()),
                    "p99 ≤ 10 ms",
                    verdict(num(paced.get(), "p99_us") <= 10_000 && num(paced.get(), "errors") == 0));
            pacedCeiling.ifPresent(c -> row("   ceiling, paced the same way", load(c), "", ""));
        }
        Optional<Map<String, String>> check = find("RESULT", "check_direct_64");
        Optional<Map<String, String>> noop = find("RESULT", "registry_noop_64");
        if (check.isPresent() && noop.isPresent()) {
            double ratio = num(check.get(), "rate") / num(noop.get(), "rate");
            row(
                    "2. `GET /check` on the registry, 64 connections",
                    load(check.get()),
                    "≥ 60% of the registry's no-op",
                    verdict(ratio >= 0.6 && num(check.get(), "errors") == 0) + " (" + pct(ratio) + ")");
            row("   registry no-op: `GET /sessions/meta`, 64 connections", load(noop.get()), "", "");
        }
        find("RESULT", "refresh")
                .ifPresent(r -> row(
                        "3. refresh with rotation, " + r.get("users") + " users each with its own cookie chain",
                        rate(num(r, "rate")) + " rotations/s, p50 " + ms(r, "p50_us") + ", p99 " + ms(r, "p99_us")
                                + ", errors " + r.get("errors"),
                        "≥ 2,000/s, no errors",
                        verdict(num(r, "rate") >= 2000 && num(r, "errors") == 0)));
        Optional<Map<String, String>> signin = find("RESULT", "signin");
        Optional<Map<String, String>> hash = find("JMH", "hash_verify");
        if (signin.isPresent() && hash.isPresent()) {
            double ratio = num(signin.get(), "rate") / num(hash.get(), "score");
            row(
                    "4. sign-in (argon2id at the configured cost), "
                            + signin.get().get("concurrency") + " clients",
                    String.format(
                            Locale.ROOT,
                            "%.1f sign-ins/s, p50 %s, p99 %s, errors %s",
                            num(signin.get(), "rate"),
                            ms(signin.get(), "p50_us"),
                            ms(signin.get(), "p99_us"),
                            signin.get().get("errors")),
                    "≥ 90% of the raw hash rate",
                    verdict(ratio >= 0.9 && num(signin.get(), "errors") == 0) + " (" + pct(ratio) + ")");
            row(
                    "   raw argon2id verification (JMH, " + hash.get().get("threads") + " threads)",
                    String.format(Locale.ROOT, "%.1f hashes/s", num(hash.get(), "score")),
                    "",
                    "");
        }
        find("RESULT", "list_sessions_10")
                .ifPresent(r -> row(
                        "5. `GET /sessions`, user with 10 sessions, " + r.get("connections") + " connections",
                        load(r),
                        "≥ 5,000 req/s",
                        verdict(num(r, "rate") >= 5000 && num(r, "errors") == 0)));
        find("RESULT", "admin_page_100_of_30k")
                .ifPresent(r -> row(
                        "   admin page of 100, user with 30,000 sessions, " + r.get("connections") + " connections",
                        load(r),
                        "p99 ≤ 50 ms",
                        verdict(num(r, "p99_us") <= 50_000 && num(r, "errors") == 0)));
        for (String conns : List.of("16", "64")) {
            rateRow(
                    "list_own_100x4_" + conns,
                    "   `GET /sessions` on the registry, 100 users with 4 sessions each, " + conns + " connections",
                    15_000);
        }
        for (String conns : List.of("16", "64")) {
            rateRow(
                    "admin_user_100x4_" + conns,
                    "   admin: a user's sessions on the registry, each of 100 users in turn, " + conns + " connections",
                    20_000);
        }
        find("RESULT", "propagation").ifPresent(r -> {
            Map<String, String> after =
                    find("RESULT", "propagation_after_return").orElse(Map.of());
            row(
                    "6. revocation on registry A refused by registry B, " + r.get("ok") + " revocations",
                    "p50 " + ms(r, "p50_us") + ", p99 " + ms(r, "p99_us") + " from sending the revocation (after A's"
                            + " answer: p99 " + ms(after, "p99_us") + "); stale 204s after the answer: "
                            + r.get("stale")
                            + ", errors " + r.get("errors"),
                    "p99 ≤ 10 ms",
                    verdict(num(r, "p99_us") <= 10_000 && num(r, "errors") == 0 && "0".equals(r.get("stale"))));
        });
        clusterRows();
        find("RESULT", "stream_event_after_answer")
                .ifPresent(r -> row(
                        "   live event stream: revocation answered to `session-ended` received, " + r.get("ok")
                                + " revocations",
                        "p50 " + ms(r, "p50_us") + ", p99 " + ms(r, "p99_us") + ", errors " + r.get("errors"),
                        "≤ 1 s (contract)",
                        verdict(num(r, "p99_us") <= 1_000_000 && num(r, "errors") == 0)));
        all("STREAMS", l -> true).stream()
                .findFirst()
                .ifPresent(s -> row(
                        "   idle event streams held by registry A",
                        s.get("open") + " of " + s.get("asked") + " open"
                                + (s.containsKey("seconds") ? " within " + s.get("seconds") + " s" : "") + "; heap "
                                + s.get("heap_before_kb") + " KiB → "
                                + s.get("heap_after_kb") + " KiB, about " + s.get("bytes_per_stream")
                                + " bytes per stream",
                        "",
                        ""));
        find("MEMORY", "per_session")
                .ifPresent(m -> row(
                        "7. Redis per live session, " + rate(num(m, "sessions")) + " sessions of "
                                + rate(num(m, "users")) + " users",
                        m.get("bytes") + " bytes",
                        "≤ 600 bytes",
                        verdict(num(m, "bytes") <= 600)));
        for (Map<String, String> m : all("MEMORY_CHAIN", l -> true)) {
            boolean cluster = "cluster".equals(m.get("topology"));
            row(
                    "7. Redis per live session with its refresh chain, " + m.get("rotations") + " rotations, "
                            + rate(num(m, "sessions")) + " sessions"
                            + (cluster ? ", summed over a cluster's " + m.get("masters") + " masters" : ""),
                    m.get("bytes_per_session") + " bytes",
                    "≤ 700 bytes (issue 16)",
                    verdict(num(m, "bytes_per_session") <= 700));
        }
        for (String service : List.of("registry", "auth-service")) {
            // the first start of a build records its class-data archive (launcher/cds.bash); every later start maps it
            startupRow(service, "recording its class-data archive (first start of a build)", "recording", "");
            startupRow(service, "with the archive", "mapped", "≤ 3 s");
            startupRow(service, "without an archive (CLASS_DATA=off)", "none", "≤ 3 s");
        }
        for (Map<String, String> jmh : all("JMH", l -> !"hash_verify".equals(l.get("name")))) {
            row(
                    "9. JMH " + jmh.get("name"),
                    String.format(Locale.ROOT, "%,.0f %s", num(jmh, "score"), jmh.get("unit")),
                    "",
                    "");
        }
    }

    private void startupRow(String service, String kind, String archive, String target) {
        // mapped starts: those of the start-up step, each on a quiet machine (older results have no quiet field)
        List<Map<String, String>> starts = all(
                "STARTUP",
                l -> l.get("name").startsWith(service)
                        && archive.equals(l.getOrDefault("archive", "none"))
                        && (!"mapped".equals(archive) || !"0".equals(l.getOrDefault("quiet", "1"))));
        List<Double> sorted = starts.stream().map(l -> num(l, "ms")).sorted().toList();
        if (sorted.isEmpty()) {
            return;
        }
        double median = sorted.get(sorted.size() / 2);
        double worst = sorted.get(sorted.size() - 1);
        // ADR 17: the schema migration runs beside the start; when its tables were there too
        List<Double> schema = starts.stream()
                .filter(l -> l.containsKey("schema_ms"))
                .map(l -> num(l, "schema_ms"))
                .sorted()
                .toList();
        String migrated = schema.isEmpty()
                ? ""
                : String.format(Locale.ROOT, "; schema migrated: median %.0f ms", schema.get(schema.size() / 2));
        // how much of the start the archive spared: the classes loaded by then that it held (bench/run class_counts)
        List<Double> archived = starts.stream()
                .filter(l -> l.containsKey("classes") && num(l, "classes") > 0)
                .map(l -> 100 * num(l, "shared") / num(l, "classes"))
                .sorted()
                .toList();
        String fromArchive = archived.isEmpty() || "none".equals(archive)
                ? ""
                : String.format(
                        Locale.ROOT, "; classes from the archive: median %.0f%%", archived.get(archived.size() / 2));
        row(
                "8. start-up of " + service + " (process start → ready), " + kind + ", " + sorted.size() + " starts",
                String.format(Locale.ROOT, "median %.0f ms, worst %.0f ms%s%s", median, worst, migrated, fromArchive),
                target,
                target.isEmpty() ? "" : verdict(worst <= 3000));
    }

    private String table() {
        StringBuilder out = new StringBuilder("| workload | measured | target | result |\n| --- | --- | --- | --- |\n");
        for (String[] row : rows) {
            out.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        return out.toString();
    }

    private String markdown(String table, Path notes) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("Written by `./stack bench` (`bench/run`); every figure and ratio below comes from one run. ")
                .append("Method and findings follow the table.\n\n");
        md.append("## Latest run\n\n");
        md.append("| | |\n| --- | --- |\n");
        md.append("| date | ").append(env("BENCH_DATE")).append(" |\n");
        md.append("| commit | ").append(env("BENCH_COMMIT")).append(" |\n");
        md.append("| machine | ").append(env("BENCH_MACHINE")).append(" |\n");
        md.append("| java | ").append(env("BENCH_JAVA")).append(" |\n");
        lines.stream()
                .filter(l -> l.get("kind").startsWith("MACHINE_"))
                .forEach(l -> md.append("| ")
                        .append(l.get("kind").equals("MACHINE_BEFORE") ? "before the run" : "after the load steps")
                        .append(" | load average ")
                        .append(l.get("load"))
                        .append(", other Maven builds running: ")
                        .append(l.get("builds"))
                        .append(" |\n"));
        lines.stream()
                .filter(l -> "RUN".equals(l.get("kind")))
                .forEach(
                        l -> md.append("| run time | ").append(l.get("seconds")).append(" s |\n"));
        md.append("| command | `./stack bench` (")
                .append(env("BENCH_ONLY_NOTE"))
                .append(") |\n\n");
        md.append(table).append('\n');
        md.append("Load average (1 min) at the end of each step, to judge how quiet the machine was: ");
        md.append(String.join(
                        ", ",
                        all("RESULT", l -> l.containsKey("load1")).stream()
                                .map(l -> l.get("name") + " " + l.get("load1"))
                                .toList()))
                .append(".\n\n");
        md.append("### Redis memory breakdown\n\n");
        all("KEYS", l -> true)
                .forEach(l -> md.append("- `")
                        .append(l.get("pattern"))
                        .append("`: ")
                        .append(l.get("avg_bytes"))
                        .append(" bytes each (MEMORY USAGE, ")
                        .append(l.get("sampled"))
                        .append(" sampled)\n"));
        all("KEY", l -> true)
                .forEach(l -> md.append("- `")
                        .append(l.get("name"))
                        .append("` (")
                        .append(l.get("type"))
                        .append("): ")
                        .append(l.get("bytes"))
                        .append(" bytes\n"));
        all("REDIS", l -> true)
                .forEach(l -> md.append("- used_memory ")
                        .append(l.get("stage"))
                        .append(": ")
                        .append(l.get("used_memory"))
                        .append(
                                l.containsKey("outbox_len")
                                        ? " (outbox entries left: " + l.get("outbox_len") + ")"
                                        : "")
                        .append('\n'));
        md.append('\n');
        if (Files.isDirectory(notes)) {
            try (var files = Files.list(notes)) {
                for (Path note :
                        files.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                    md.append(Files.readString(note)).append('\n');
                }
            }
        }
        return md.toString();
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null ? "" : value;
    }
}
