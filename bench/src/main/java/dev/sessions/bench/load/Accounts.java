package dev.sessions.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The bench users (email and password, tab-separated, one a line) that bench/run registered. */
record Accounts(List<String[]> entries) {

    static Accounts read(Path file) throws IOException {
        List<String[]> entries = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank()) {
                entries.add(line.split("\t", 2));
            }
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("no accounts in " + file);
        }
        return new Accounts(entries);
    }

    String email(int i) {
        return entries.get(i % entries.size())[0];
    }

    String password(int i) {
        return entries.get(i % entries.size())[1];
    }
}
