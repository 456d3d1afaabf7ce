package org.mysqlbackup.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/** No transfer id, client id or path a client can influence resolves outside the storage root. */
class StorageLayoutPropertyTest {
    private static Path temp;
    private static StorageLayout layout;

    @BeforeContainer
    static void createRoot() throws IOException {
        temp = Files.createTempDirectory("storage-layout-");
        layout = new StorageLayout(temp.resolve("storage"));
    }

    @AfterContainer
    static void deleteRoot() throws IOException {
        TempFolders.delete(temp);
    }

    @Property(tries = 1000, seed = "6626070150000000034")
    void aStagingFileIsAlwaysDirectlyInsideStagingOrRefused(@ForAll("hostile") String transferId) {
        Path staging = layout.root().resolve(".staging");
        try {
            Path file = layout.stagingFile(transferId);
            assertThat(file.getParent()).isEqualTo(staging);
            assertThat(file.normalize()).isEqualTo(file);
            assertThat(file.getFileName().toString()).isEqualTo(transferId + ".part");
        } catch (IllegalArgumentException refused) {
            assertThat(refused).hasMessageContaining("transfer id");
        }
    }

    @Property(tries = 1000, seed = "1380649000000000023")
    void aClientDirectoryIsAlwaysDirectlyInsideTheRootOrRefused(@ForAll("hostile") String clientId) {
        try {
            Path directory = layout.clientDirectory(clientId);
            assertThat(directory.getParent()).isEqualTo(layout.root());
            assertThat(directory.getFileName().toString()).isEqualTo(clientId).isNotEqualTo(".staging");
        } catch (IllegalArgumentException refused) {
            assertThat(refused).hasMessageContaining("client id");
        }
    }

    @Property(tries = 1000, seed = "-1602176634000000019")
    void aRelativeNameIsGivenExactlyForPathsStrictlyInsideTheRoot(@ForAll("relativePaths") String relative) {
        Path path;
        try {
            path = layout.root().resolve(relative);
        } catch (InvalidPathException notAPath) {
            return;
        }
        String expected = insideOracle(relative);

        if (expected == null) {
            assertThatThrownBy(() -> layout.relative(path))
                    .as("'%s' leaves the root or is the root", relative)
                    .isInstanceOf(IllegalArgumentException.class);
        } else {
            assertThat(layout.relative(path)).isEqualTo(expected);
        }
    }

    /**
     * Resolves {@code relative} against the root by hand, segment by segment from the file system
     * root: the part below the storage root, or null when the result is not strictly inside it. Written
     * without java.nio normalisation so the check does not share the implementation's assumptions.
     */
    private static String insideOracle(String relative) {
        List<String> rootSegments = new ArrayList<>();
        layout.root().forEach(name -> rootSegments.add(name.toString()));
        Deque<String> segments = new ArrayDeque<>(relative.startsWith("/") ? List.of() : rootSegments);
        for (String segment : relative.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast(); // ".." at the file system root stays there
            } else {
                segments.addLast(segment);
            }
        }
        List<String> result = new ArrayList<>(segments);
        if (result.size() <= rootSegments.size() || !result.subList(0, rootSegments.size()).equals(rootSegments)) {
            return null;
        }
        return String.join("/", result.subList(rootSegments.size(), result.size()));
    }

    @Provide
    Arbitrary<String> relativePaths() {
        Arbitrary<String> segment = Arbitraries.of("..", ".", "", "db1", "x.zip", "etc", "passwd", ".staging", "..x", "...",
                "a\\..\\..", "storage");
        return Arbitraries.oneOf(
                        segment.list().ofMinSize(1).ofMaxSize(8).map(parts -> String.join("/", parts)),
                        segment.list().ofMinSize(1).ofMaxSize(8).map(parts -> "/" + String.join("/", parts)),
                        Arbitraries.of("../../etc/passwd", "/etc/passwd", "/", "..", "", "db1/../../storage/db1/x.zip"));
    }

    @Provide
    Arbitrary<String> hostile() {
        return Arbitraries.oneOf(
                        Arbitraries.of(List.of("..", ".", "../../etc/passwd", "/", "\\", "/etc/passwd", ".staging",
                                "..........", "abcdefgh/../../x", "abcdefgh\u0000", "abcd-efgh-ijkl", "db1", "x".repeat(10_000))),
                        Arbitraries.strings().withChars("./\\-_\u0000aZ9").ofMaxLength(70),
                        Arbitraries.strings().alpha().numeric().withChars("-._").ofMinLength(1).ofMaxLength(70),
                        Arbitraries.strings().all().ofMaxLength(100))
                .injectNull(0.05);
    }
}
