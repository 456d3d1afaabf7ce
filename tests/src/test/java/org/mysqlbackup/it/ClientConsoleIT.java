package org.mysqlbackup.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.mysqlbackup.client.ClientApp;
import org.mysqlbackup.client.run.BackupLogRow;
import org.mysqlbackup.client.run.BackupStatus;
import org.mysqlbackup.testing.BackupClientFixture;
import org.mysqlbackup.testing.MariaDbSandbox;
import org.mysqlbackup.testing.SampleSite;
import org.mysqlbackup.testing.HeadlessChrome;
import org.mysqlbackup.testing.TestPaths;
import org.mysqlbackup.ui.ConsoleUsers;
import org.mysqlbackup.ui.PasswordHasher;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The client console in a real headless Chromium, against the real client daemon (console on),
 * a real sandbox MariaDB and a real server over mutual TLS: log in (a wrong password refused),
 * create a configuration with a bad field and see its message, fix it, set a schedule through the
 * wizard (its preview shown), press backup now and watch the progress bar reach 100% without a
 * reload, find the run in the local history, and cancel a second one. One scenario, its steps in
 * order; each saves a screenshot under target/screenshots/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClientConsoleIT {
    private static final String USER = "operator";
    private static final String PASSWORD = "console-Pa55-word";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static SampleSite site;
    private static BackupClientFixture client;
    private static Main daemon;
    private static HeadlessChrome chrome;
    private static WebDriver browser;
    private static String base;

    @BeforeAll
    static void startEverything() throws Exception {
        site = SampleSite.start(ClientConsoleIT.class);
        // client.properties' own instance points nowhere useful: the console configures the real one
        client = new BackupClientFixture(site.work().resolve("client"), site.server().port(),
                site.certs().properties(site.certs().client("console-host")))
                .set("transfer.chunk-size", "64KiB")
                .set("transfer.progress-interval-ms", "200")
                .set("schedule.refresh-ms", "500");
        int port = TestPaths.freePort();
        Map<String, String> properties = new HashMap<>(client.properties());
        properties.put("camel.main.name", "client-console-daemon");
        properties.put("ui.enabled", "true");
        properties.put("ui.port", Integer.toString(port));
        // the live board five times a second: the sample backup takes about two seconds
        properties.put("ui.live-refresh-ms", "200");
        daemon = new ClientApp(TestPaths.clientConfig(), properties).main(properties);
        // the sample backup takes about a second: its pre-flight is held for three, so that the
        // live board has a running backup to show and a second press finds it running
        daemon.configure().addConfiguration(new CamelConfiguration() {
            @Override
            public void configure(CamelContext context) {
                Processor preflight = context.getRegistry().lookupByNameAndType("preflight", Processor.class);
                context.getRegistry().unbind("preflight");
                context.getRegistry().bind("preflight", (Processor) exchange -> {
                    Thread.sleep(3000);
                    preflight.process(exchange);
                });
            }
        });
        daemon.start();
        new ConsoleUsers(daemon.getCamelContext().getRegistry().lookupByNameAndType("database", DataSource.class),
                new PasswordHasher(), Clock.systemUTC()).save(USER, PASSWORD.toCharArray(), false);
        base = "http://127.0.0.1:" + port;
        chrome = HeadlessChrome.start(site.work());
        browser = chrome.driver();
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (chrome != null) {
            chrome.close();
        }
        if (daemon != null) {
            daemon.stop();
        }
        if (site != null) {
            site.close();
        }
    }

    /** One part of the page alone (no sandbox path in it), for the README. */
    private static void screenshotOf(String elementId, String name) throws Exception {
        chrome.screenshot(name, By.id(elementId));
    }

    @AfterEach
    void screenshot(TestInfo test) throws Exception {
        chrome.screenshot("ClientConsoleIT-" + test.getTestMethod().orElseThrow().getName());
    }

    @Test
    @Order(1)
    void aWrongPasswordIsRefusedAndTheRightOneOpensTheConsole() throws Exception {
        // without a session every call of the client's API is refused, state-changing ones too
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (String[] call : new String[][] {{"GET", "/api/configurations"}, {"GET", "/api/history"},
            {"GET", "/api/backups/events"}, {"POST", "/api/configurations/main/backup"},
            {"POST", "/api/configurations/main/schedule-preview"}, {"DELETE", "/api/configurations/main"}}) {
            java.net.http.HttpResponse<String> answer = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(base + call[1])).method(call[0],
                    java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(call[0] + " " + call[1]).isEqualTo(401);
        }

        browser.get(base + "/ui/index.html");
        wait(ExpectedConditions.urlContains("/ui/login.html"));
        logIn("not-the-password");
        wait(ExpectedConditions.visibilityOfElementLocated(By.id("error")));
        assertThat(browser.findElement(By.id("error")).getText()).contains("wrong user name or password");
        assertThat(browser.getCurrentUrl()).contains("/ui/login.html");

        logIn(PASSWORD);
        wait(ExpectedConditions.visibilityOfElementLocated(By.id("new-configuration")));
        wait(d -> d.findElement(By.id("nav")).getText().contains(USER));
        assertThat(browser.findElement(By.id("running")).getText()).contains("No backup is running.");
    }

    @Test
    @Order(2)
    void aBadFieldIsNamedWithItsMessageAndTheFixedConfigurationIsStored() {
        MariaDbSandbox mysql = site.mysql();
        browser.findElement(By.id("new-configuration")).click();
        wait(ExpectedConditions.visibilityOfElementLocated(By.id("field-mysql.port")));
        type("cfg-name", "shop");
        type("field-mysql.host", "127.0.0.1");
        type("field-mysql.port", "abc");
        type("field-mysql.user", mysql.user());
        type("field-mysql.password", mysql.password());
        type("field-mysql.datadir", mysql.datadir().toString());
        type("field-mysql.pid-file", mysql.pidFile().toString());
        type("field-mysql.service.strategy", "command");
        type("field-mysql.service.stop-command", mysql.stopCommand());
        type("field-mysql.service.start-command", mysql.startCommand());
        type("field-snapshot.work-dir", client.workDir().resolve("shop").toString());
        browser.findElement(By.id("cfg-save")).click();

        WebElement portError = browser.findElement(By.id("error-mysql.port"));
        wait(d -> !portError.getText().isBlank());
        assertThat(portError.getText()).contains("'abc' is not a whole number");
        assertThat(browser.findElement(By.id("field-mysql.port")).getAttribute("class")).contains("invalid");
        assertThat(browser.findElements(By.id("configuration-shop"))).as("nothing stored").isEmpty();

        type("field-mysql.port", Integer.toString(mysql.port()));
        browser.findElement(By.id("cfg-validate")).click();
        wait(d -> d.findElement(By.id("cfg-message")).getText().contains("is valid"));
        browser.findElement(By.id("cfg-save")).click();
        wait(d -> d.findElement(By.id("cfg-message")).getText().contains("Saved configuration"));
        assertThat(browser.findElement(By.id("error-mysql.port")).getText()).isEmpty();
        assertThat(browser.findElement(By.id("secret-state-mysql.password")).getText()).contains("(set)");
        wait(ExpectedConditions.visibilityOfElementLocated(By.id("configuration-shop")));
        // the secret is never sent back to the browser
        assertThat(browser.getPageSource()).doesNotContain(mysql.password());
        assertThat(browser.findElement(By.id("field-mysql.password")).getAttribute("value")).isEmpty();
    }

    @Test
    @Order(3)
    void theScheduleWizardPreviewsTheNextFiveBackupsBeforeSaving() throws Exception {
        browser.findElement(By.id("schedule-shop")).click();
        wait(ExpectedConditions.visibilityOfElementLocated(By.id("sch-time")));
        browser.findElement(By.cssSelector("input[name='sch-type'][value='weekly']")).click();
        new Select(browser.findElement(By.id("sch-weekday"))).selectByVisibleText("SUN");
        type("sch-time", "25:00");
        type("sch-zone", "Europe/Oslo");
        browser.findElement(By.id("sch-preview-button")).click();
        wait(d -> d.findElement(By.id("sch-problems")).getText().contains("time:"));
        assertThat(browser.findElement(By.id("sch-save")).isEnabled()).isFalse();

        type("sch-time", "03:15");
        browser.findElement(By.id("sch-preview-button")).click();
        wait(d -> d.findElements(By.cssSelector("#sch-next li")).size() == 5);
        assertThat(browser.findElement(By.id("sch-description")).getText())
                .isEqualTo("weekly on Sunday at 03:15 (Europe/Oslo)");
        List<String> next = browser.findElements(By.cssSelector("#sch-next li")).stream().map(WebElement::getText)
                .toList();
        assertThat(next).allSatisfy(t -> assertThat(java.time.ZonedDateTime.parse(t).getDayOfWeek())
                .isEqualTo(java.time.DayOfWeek.SUNDAY));
        screenshotOf("schedule-form", "client-schedule-wizard");
        browser.findElement(By.id("sch-save")).click();
        wait(d -> d.findElement(By.id("sch-message")).getText().startsWith("Saved schedule"));
        wait(d -> d.findElements(By.cssSelector("#schedule-list tbody tr")).size() == 1);
        assertThat(browser.findElement(By.cssSelector("#schedule-list tbody tr")).getText())
                .contains("weekly on Sunday at 03:15 (Europe/Oslo)").contains(next.get(0));
    }

    @Test
    @Order(4)
    void backupNowShowsTheRunningBackupUntilItsBarIsFullWithoutAReload() throws Exception {
        // the page stays the same document; every state the live board shows is recorded
        ((JavascriptExecutor) browser).executeScript("window.sameDocument = 'yes'; window.seenStatuses = [];"
                + "new MutationObserver(() => document.querySelectorAll('#running .run').forEach("
                + "r => window.seenStatuses.push(r.dataset.status + ' ' + r.querySelector('[role=progressbar]')"
                + ".getAttribute('aria-valuenow')))).observe(document.getElementById('running'),"
                + " {childList: true, subtree: true});");
        browser.findElement(By.id("backup-shop")).click();
        wait(d -> d.findElement(By.id("backup-message")).getText().contains("backup of 'shop' started"));

        // a second press while it runs is refused with the reason
        browser.findElement(By.id("backup-shop")).click();
        wait(d -> d.findElement(By.id("backup-message")).getText()
                .equals("a backup of 'shop' is running already in this client: wait for it to end, or cancel it"));
        new WebDriverWait(browser, Duration.ofMinutes(3)).pollingEvery(Duration.ofMillis(200)).until(d ->
                !d.findElements(By.cssSelector("#running .run[data-status='Completed']"
                        + " [role='progressbar'][aria-valuenow='100.0']")).isEmpty());
        assertThat(((JavascriptExecutor) browser).executeScript("return window.sameDocument;")).isEqualTo("yes");
        screenshotOf("backups", "client-backup-now");
        @SuppressWarnings("unchecked")
        List<String> seen = (List<String>) ((JavascriptExecutor) browser).executeScript("return window.seenStatuses;");
        assertThat(seen).as("states the live board showed").anyMatch(s -> !s.startsWith("Completed"))
                .last().isEqualTo("Completed 100.0");
        BackupLogRow row = client.logs().recent(1).get(0);
        assertThat(row.configName()).isEqualTo("shop");
        assertThat(row.status()).isEqualTo(BackupStatus.Completed);
        assertThat(site.mysql().isRunning()).isTrue();
    }

    @Test
    @Order(5)
    void theBackupIsFoundInTheLocalHistoryByItsFilters() {
        long id = client.logs().recent(1).get(0).id();
        browser.findElement(By.cssSelector("a[href='#history']")).click();
        new Select(browser.findElement(By.id("h-status"))).selectByVisibleText("Completed");
        type("h-configuration", "shop");
        type("h-from", java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
        browser.findElement(By.id("h-search")).click();
        wait(ExpectedConditions.visibilityOfElementLocated(By.id("history-" + id)));
        assertThat(browser.findElements(By.cssSelector("#history-table tbody tr"))).hasSize(1);
        assertThat(browser.findElement(By.id("history-" + id)).getText()).contains("shop").contains("Completed");

        type("h-configuration", "nosuch");
        browser.findElement(By.id("h-search")).click();
        wait(d -> d.findElement(By.id("history-errors")).getText()
                .contains("no configuration or recorded backup is named 'nosuch'"));
    }

    @Test
    @Order(6)
    void cancelStopsTheRunningBackupAndMySqlRunsAfterwards() {
        browser.findElement(By.cssSelector("a[href='#backups']")).click();
        browser.findElement(By.id("backup-shop")).click();
        WebElement cancel = wait(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#running .run button[id^='cancel-']")));
        String button = cancel.getAttribute("id");
        long id = Long.parseLong(button.substring("cancel-".length()));
        // the live board redraws every second: press the button as it is now
        wait(d -> {
            try {
                d.findElement(By.id(button)).click();
                return true;
            } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
                return false;
            }
        });
        wait(d -> d.findElement(By.id("backup-message")).getText()
                .equals("backup " + id + " asked to cancel; it stops at its next checkpoint"));
        wait(ExpectedConditions.textToBePresentInElementLocated(By.id("recent-" + id), "Cancelled"));
        BackupLogRow row = client.logs().find(id).orElseThrow();
        assertThat(row.status()).isEqualTo(BackupStatus.Cancelled);
        assertThat(row.errorMessage()).contains("cancelled from the console by " + USER);
        assertThat(site.mysql().isRunning()).isTrue();
    }

    private static void logIn(String password) {
        type("user", USER);
        type("password", password);
        browser.findElement(By.id("login")).click();
    }

    private static void type(String id, String text) {
        WebElement field = browser.findElement(By.id(id));
        field.clear();
        field.sendKeys(text);
    }

    private static <T> T wait(java.util.function.Function<WebDriver, T> condition) {
        return new WebDriverWait(browser, WAIT).until(condition::apply);
    }
}
