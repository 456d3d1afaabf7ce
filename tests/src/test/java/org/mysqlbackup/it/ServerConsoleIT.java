package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.protocol.Frame;
import org.mysqlbackup.protocol.FrameType;
import org.mysqlbackup.protocol.InitTransfer;
import org.mysqlbackup.testing.AppProcess;
import org.mysqlbackup.testing.BackupServerFixture;
import org.mysqlbackup.testing.FrameSocket;
import org.mysqlbackup.testing.HeadlessChrome;
import org.mysqlbackup.testing.TestCertificates;
import org.mysqlbackup.testing.TestPaths;
import org.mysqlbackup.transfer.Digests;
import org.mysqlbackup.ui.ConsoleUsers;
import org.mysqlbackup.ui.PasswordHasher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/**
 * The server console in a real headless Chromium against the real server: a wrong password is
 * refused and the right one opens the dashboard; a transfer's progress bar moves and reaches 100 %
 * without a reload (server-sent events); the log browser finds a failed transfer by filter, and a
 * stored one's detail page shows its chunks and its manifest; the CSV export of a filter is the
 * same bytes as {@code backup-server history} with that filter. Screenshots under
 * tests/target/screenshots/.
 */
class ServerConsoleIT {
    private static final String PASSWORD = "a long console password";
    private static final int CHUNK = 64 * 1024;

    @Test
    void anOperatorWatchesATransferAndFindsBackupsInTheLogBrowser() throws Exception {
        Path work = TestPaths.scratch(ServerConsoleIT.class);
        TestCertificates certs = TestCertificates.create(work.resolve("certs"));
        Path keys = certs.client("db-1");
        int uiPort = TestPaths.freePort();
        try (BackupServerFixture server = BackupServerFixture.start(work, certs, Map.of(
                "ui.enabled", "true", "ui.port", Integer.toString(uiPort)));
             HeadlessChrome chrome = HeadlessChrome.start(work)) {
            new ConsoleUsers(server.bean("database", DataSource.class), new PasswordHasher(), Clock.systemUTC())
                    .save("ops", PASSWORD.toCharArray(), false);
            byte[] backup = zipWithManifest();
            assertThat(send(server, certs, keys, "main", backup, backup, Duration.ZERO).type())
                    .isEqualTo(FrameType.STORED);
            byte[] other = random(2, 3 * CHUNK);
            assertThat(send(server, certs, keys, "reports", other, random(3, 3 * CHUNK), Duration.ZERO).type())
                    .as("refused at finalize: its bytes are not what it announced").isEqualTo(FrameType.ERROR);

            ChromeDriver browser = chrome.driver();
            String base = "http://127.0.0.1:" + uiPort;
            browser.get(base + "/");
            chrome.waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/ui/login.html"));
            logIn(browser, "not it");
            WebElement error = chrome.waitUpTo(Duration.ofSeconds(20)).until(
                    ExpectedConditions.visibilityOfElementLocated(By.id("error")));
            assertThat(error.getText()).contains("wrong user name or password");
            chrome.screenshot("server-login-refused");
            logIn(browser, PASSWORD);
            chrome.waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.urlContains("/ui/index.html"));
            chrome.waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("clients"), "reports"));
            String dashboard = browser.findElement(By.id("clients")).getText();
            assertThat(dashboard).contains("db-1").contains("main").contains("ok").contains("failed")
                    .as("the downtime from the stored backup's manifest: stop 1.2 s + capture 3.4 s").contains("5 s");

            // a transfer running now: its bar moves and reaches 100 % on the same page
            browser.executeScript("window.sameDocument = 'yes';");
            byte[] slow = random(4, 40 * CHUNK);
            CompletableFuture<Frame> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return send(server, certs, keys, "main", slow, slow, Duration.ofMillis(150));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            List<Double> seen = new ArrayList<>();
            chrome.waitUpTo(Duration.ofSeconds(30)).until(d -> {
                progress(d).ifPresent(seen::add);
                return seen.stream().anyMatch(p -> p > 0 && p < 100);
            });
            chrome.screenshot("server-live-transfer");
            // the ended transfer stays a while, its bar full and its status Completed
            chrome.waitUpTo(Duration.ofSeconds(60)).until(d -> {
                java.util.Optional<Double> now = progress(d);
                now.ifPresent(seen::add);
                return now.filter(p -> p == 100.0).isPresent()
                        && d.findElement(By.id("transfers")).getText().contains("Completed");
            });
            assertThat(running.get().type()).isEqualTo(FrameType.STORED);
            assertThat(seen).as("percentages the page showed").contains(100.0);
            assertThat(seen.stream().filter(p -> p > 0 && p < 100).distinct().count())
                    .as("the bar moved through several values").isGreaterThanOrEqualTo(2);
            assertThat(browser.executeScript("return window.sameDocument;")).as("no reload").isEqualTo("yes");

            // the log browser: the failed transfer by its status
            browser.get(base + "/ui/history.html");
            chrome.waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("summary"), "3 matching"));
            new Select(browser.findElement(By.id("status"))).selectByValue("Failed");
            browser.findElement(By.id("search")).click();
            chrome.waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("summary"), "1 matching"));
            String found = browser.findElement(By.cssSelector("#history tbody")).getText();
            assertThat(found).contains("reports").contains("Failed").doesNotContain("Completed");
            chrome.screenshot("server-log-browser");

            // its export is the CLI's report for the same filter, byte for byte
            String href = browser.findElement(By.id("export-csv")).getAttribute("href");
            assertThat(href).contains("status=Failed");
            String exported = (String) browser.executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                            + "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text()).then(done);", href);
            String cli = cli(work, server, "history", "--status", "Failed", "--limit", "0", "--format", "csv");
            assertThat(exported).isEqualTo(cli);
            assertThat(exported.lines().count()).as("a header and one row").isEqualTo(2);

            // a stored transfer's detail: its chunks and its manifest
            browser.findElement(By.id("text")).sendKeys("");
            new Select(browser.findElement(By.id("status"))).selectByValue("Completed");
            browser.findElement(By.id("configuration")).sendKeys("main");
            browser.findElement(By.id("search")).click();
            chrome.waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("summary"), "2 matching"));
            List<WebElement> links = browser.findElements(By.cssSelector("#history tbody a"));
            links.get(links.size() - 1).click(); // the oldest: the zip with a manifest
            chrome.waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("chunks-note"), "chunk(s) recorded"));
            int chunks = (backup.length + CHUNK - 1) / CHUNK;
            assertThat(browser.findElements(By.cssSelector("#chunks tbody tr"))).hasSize(chunks);
            assertThat(browser.findElement(By.id("manifest")).getText()).contains("copy").contains("db-1");
            assertThat(browser.findElement(By.id("title")).getText()).contains("Completed");
            chrome.screenshot("server-transfer-detail");

            // the stored backups of one client, and the retention preview beside them
            browser.get(base + "/ui/stored.html");
            chrome.waitUpTo(Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("#client option[value='db-1']")));
            new Select(browser.findElement(By.id("client"))).selectByValue("db-1");
            browser.findElement(By.id("show")).click();
            chrome.screenshot("server-stored");
            chrome.waitUpTo(Duration.ofSeconds(20)).withMessage(() -> browser.findElement(By.tagName("main"))
                    .getText()).until(d -> d.findElements(By.cssSelector("#stored tbody tr")).size() == 2);
            assertThat(browser.findElement(By.id("stored")).getText()).contains("main").doesNotContain("reports");
            browser.findElement(By.id("preview")).click();
            chrome.waitUpTo(Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector("#retention tbody tr"))
                    .size() == 2);
            assertThat(browser.findElements(By.cssSelector("#retention tbody td:nth-child(5)")))
                    .extracting(WebElement::getText).as("no rule is set: both are kept").containsExactly("keep", "keep");
            assertThat(browser.findElement(By.id("error")).isDisplayed()).isFalse();
        }
    }

    private static java.util.Optional<Double> progress(WebDriver driver) {
        List<WebElement> bars = driver.findElements(By.cssSelector("#transfers [role=progressbar]"));
        if (bars.isEmpty()) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(Double.parseDouble(bars.get(0).getAttribute("aria-valuenow")));
        } catch (org.openqa.selenium.StaleElementReferenceException e) {
            return java.util.Optional.empty();
        }
    }

    private static void logIn(WebDriver browser, String password) {
        WebElement user = browser.findElement(By.id("user"));
        user.clear();
        user.sendKeys("ops");
        WebElement field = browser.findElement(By.id("password"));
        field.clear();
        field.sendKeys(password);
        browser.findElement(By.id("login")).click();
    }

    private static String cli(Path work, BackupServerFixture server, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(TestPaths.home().resolve("bin/backup-server").toString(),
                "--config", TestPaths.serverConfig().toString(), "-D", "db.file=" + work.resolve("server.db"),
                "-D", "storage.root=" + server.storageRoot()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(work.resolve("cli.err").toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
        return out;
    }

    private static Frame send(BackupServerFixture server, TestCertificates certs, Path keys, String config,
                              byte[] announced, byte[] sent, Duration pause) throws Exception {
        InitTransfer init = new InitTransfer(UUID.randomUUID().toString(), config, config + ".zip", announced.length,
                CHUNK, Digests.sha256Hex(announced), md5(announced), System.currentTimeMillis());
        return FrameSocket.transfer(server.port(), keys, certs.trustStore(), init, sent, pause);
    }

    /** A small zip as a client makes one: a data file and the manifest, with the phases' timings. */
    private static byte[] zipWithManifest() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            byte[] data = random(1, 5 * CHUNK);
            zip.putNextEntry(new ZipEntry("ibdata1"));
            zip.write(data);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("backup-manifest.json"));
            zip.write(("{\"formatVersion\":1,\"hostName\":\"db-1\",\"configurationName\":\"main\",\"strategy\":\"copy\","
                    + "\"dataDirectory\":\"/var/lib/mysql\",\"createdAt\":\"2026-12-01T02:00:00.000Z\","
                    + "\"timingsMs\":{\"stop\":1200,\"capture\":3400},\"files\":[{\"path\":\"ibdata1\",\"size\":"
                    + data.length + "}]}").getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static byte[] random(long seed, int length) {
        byte[] bytes = new byte[length];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }
}
