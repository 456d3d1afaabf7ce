package org.mysqlbackup.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * For bench/console.sh: logs in to a running console in headless Chromium, then loads each page
 * {@code RUNS} times and prints, per page, the median time from the start of navigation to the
 * page's {@code console-content} mark (its first rows on screen) and to its first contentful
 * paint. Usage: {@code ConsolePageTimer BASE_URL USER PASSWORD_FILE WORK_DIR RUNS PAGE...}; with the
 * environment variable SCREENSHOTS set it also saves each page as tests/target/screenshots/bench-*.png.
 */
public final class ConsolePageTimer {
    private ConsolePageTimer() {
    }

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String user = args[1];
        String password = Files.readString(Path.of(args[2])).strip();
        int runs = Integer.parseInt(args[4]);
        try (HeadlessChrome chrome = HeadlessChrome.start(Path.of(args[3]))) {
            ChromeDriver browser = chrome.driver();
            browser.get(base + "/ui/login.html");
            browser.findElement(By.id("user")).sendKeys(user);
            browser.findElement(By.id("password")).sendKeys(password);
            browser.findElement(By.id("login")).click();
            chrome.waitUpTo(Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().contains("/ui/index.html"));
            for (int i = 5; i < args.length; i++) {
                String page = args[i];
                List<Double> content = new ArrayList<>();
                List<Double> paint = new ArrayList<>();
                for (int run = 0; run <= runs; run++) {
                    browser.get(base + page);
                    Object mark = chrome.waitUpTo(Duration.ofSeconds(60)).until(d -> browser.executeScript(
                            "const m = performance.getEntriesByName('console-content');"
                                    + "return m.length ? m[0].startTime : null;"));
                    Object fcp = browser.executeScript("const p = performance.getEntriesByName("
                            + "'first-contentful-paint'); return p.length ? p[0].startTime : null;");
                    if (run > 0) { // the first load warms the browser's cache of the scripts
                        content.add(((Number) mark).doubleValue());
                        paint.add(fcp == null ? Double.NaN : ((Number) fcp).doubleValue());
                    }
                }
                System.out.printf("page %s content_ms=%.0f first_paint_ms=%.0f (median of %d)%n", page,
                        median(content), median(paint), runs);
                if (System.getenv("SCREENSHOTS") != null) {
                    Thread.sleep(1500); // the live feed's first events
                    chrome.screenshot("bench-" + page.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", ""));
                }
            }
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
