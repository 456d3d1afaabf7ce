package org.mysqlbackup.testing;

import java.nio.file.Path;

/**
 * What most integration tests start with: a scratch folder, test certificates, a sandbox MariaDB
 * running with the sample data, and a backup server. Closing it stops the server, then MariaDB.
 */
public final class SampleSite implements AutoCloseable {
    private final Path work;
    private final TestCertificates certs;
    private final MariaDbSandbox mysql;
    private BackupServerFixture server;

    private SampleSite(Path work, TestCertificates certs, MariaDbSandbox mysql) {
        this.work = work;
        this.certs = certs;
        this.mysql = mysql;
    }

    /** Starts everything for {@code test}; what was started is stopped again if a later part fails. */
    public static SampleSite start(Class<?> test) throws Exception {
        return start(test, java.util.Map.of());
    }

    /** Like {@link #start(Class)}, with {@code serverProperties} added to the server's. */
    public static SampleSite start(Class<?> test, java.util.Map<String, String> serverProperties) throws Exception {
        Path work = TestPaths.scratch(test);
        SampleSite site = new SampleSite(work, TestCertificates.create(work.resolve("certs")),
                MariaDbSandbox.create(TestPaths.sandboxBase()));
        try {
            site.mysql.start();
            site.mysql.loadSampleData();
            site.server = BackupServerFixture.start(work, site.certs, serverProperties);
            return site;
        } catch (Exception | Error e) {
            site.close();
            throw e;
        }
    }

    public Path work() {
        return work;
    }

    public TestCertificates certs() {
        return certs;
    }

    public MariaDbSandbox mysql() {
        return mysql;
    }

    public BackupServerFixture server() {
        return server;
    }

    @Override
    public void close() {
        try {
            if (server != null) {
                server.close();
            }
        } finally {
            mysql.close();
        }
    }
}
