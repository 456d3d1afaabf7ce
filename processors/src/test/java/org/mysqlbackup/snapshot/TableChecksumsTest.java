package org.mysqlbackup.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.mysqlbackup.snapshot.BackupManifest.TableChecksum;

/**
 * The collector against a scripted JDBC connection: which statements it sends, how it reads the
 * answers, and how it fails. The lead's integration tests run it against a real MariaDB.
 */
class TableChecksumsTest {
    private final List<String> statements = new ArrayList<>();
    private final List<Integer> queryTimeouts = new ArrayList<>();
    private int connections;

    /** A connection whose statements answer with {@code answers.apply(sql)}: rows of columns, or a thrown SQLException. */
    private TableChecksums.Connector scripted(Function<String, List<Object[]>> answers) {
        return () -> {
            connections++;
            Statement statement = proxy(Statement.class, (method, args) -> switch (method) {
                case "setQueryTimeout" -> {
                    queryTimeouts.add((Integer) args[0]);
                    yield null;
                }
                case "executeQuery" -> {
                    statements.add((String) args[0]);
                    try {
                        yield resultSet(answers.apply((String) args[0]));
                    } catch (RuntimeException e) {
                        throw e.getCause() instanceof SQLException sql ? sql : e;
                    }
                }
                case "close" -> null;
                default -> throw new UnsupportedOperationException(method);
            });
            return proxy(Connection.class, (method, args) -> switch (method) {
                case "createStatement" -> statement;
                case "close" -> null;
                default -> throw new UnsupportedOperationException(method);
            });
        };
    }

    private static ResultSet resultSet(List<Object[]> rows) {
        int[] row = {-1};
        return proxy(ResultSet.class, (method, args) -> switch (method) {
            case "next" -> ++row[0] < rows.size();
            case "getString" -> (String) rows.get(row[0])[(Integer) args[0] - 1];
            case "getLong" -> ((Number) rows.get(row[0])[(Integer) args[0] - 1]).longValue();
            case "getObject" -> rows.get(row[0])[(Integer) args[0] - 1];
            case "close" -> null;
            default -> throw new UnsupportedOperationException(method);
        });
    }

    @FunctionalInterface
    private interface Handler {
        Object handle(String method, Object[] args) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Handler handler) {
        return (T) Proxy.newProxyInstance(TableChecksumsTest.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> handler.handle(method.getName(), args));
    }

    private static Object[] row(Object... columns) {
        return columns;
    }

    private static final Map<String, List<Object[]>> SHOP = Map.of(
            TableChecksums.LIST_TABLES, List.of(
                    row("shop", "orders", "InnoDB"),
                    row("shop", "we`ird", "Aria"),
                    row("mysql", "user", "Aria"),
                    row("SYS", "sys_config", "InnoDB"),
                    row("stock", "items", "MyISAM")),
            "SELECT COUNT(*) FROM `shop`.`orders`", List.<Object[]>of(row(1200L)),
            "CHECKSUM TABLE `shop`.`orders` EXTENDED", List.<Object[]>of(row("shop.orders", new BigInteger("3141592653"))),
            "SELECT COUNT(*) FROM `shop`.`we``ird`", List.<Object[]>of(row(0L)),
            "CHECKSUM TABLE `shop`.`we``ird` EXTENDED", List.<Object[]>of(row("shop.we`ird", null)),
            "SELECT COUNT(*) FROM `stock`.`items`", List.<Object[]>of(row(7L)),
            "CHECKSUM TABLE `stock`.`items` EXTENDED", List.<Object[]>of(row("stock.items", 0L)));

    private static Function<String, List<Object[]>> answersOf(Map<String, List<Object[]>> script) {
        return sql -> {
            List<Object[]> rows = script.get(sql);
            if (rows == null) {
                throw new IllegalStateException("unexpected statement: " + sql);
            }
            return rows;
        };
    }

    @Test
    void everyBaseTableOfEveryNonSystemDatabaseGetsItsRowCountAndExtendedChecksum() {
        List<TableChecksum> tables = new TableChecksums(scripted(answersOf(SHOP)), Duration.ofMinutes(1)).collect();

        assertThat(tables).containsExactly(
                new TableChecksum("shop", "orders", "InnoDB", 1200, 3141592653L),
                new TableChecksum("shop", "we`ird", "Aria", 0, null),
                new TableChecksum("stock", "items", "MyISAM", 7, 0L));
        assertThat(statements).doesNotContain("SELECT COUNT(*) FROM `mysql`.`user`")
                .noneMatch(sql -> sql.contains("sys_config"));
        assertThat(connections).isEqualTo(1);
    }

    @Test
    void theListingAsksForBaseTablesOutsideTheSystemDatabasesOnly() {
        assertThat(TableChecksums.LIST_TABLES)
                .contains("TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')")
                .contains("NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')");
        assertThat(TableChecksums.SYSTEM_DATABASES)
                .containsExactlyInAnyOrder("mysql", "information_schema", "performance_schema", "sys");
    }

    @Test
    void identifiersAreQuotedWithInnerBackquotesDoubled() {
        assertThat(TableChecksums.quote("orders")).isEqualTo("`orders`");
        assertThat(TableChecksums.quote("a`b``c")).isEqualTo("`a``b````c`");
        assertThat(TableChecksums.quote("x`; DROP TABLE t; --")).isEqualTo("`x``; DROP TABLE t; --`");
    }

    @Test
    void everyStatementRunsWithAPositiveTimeoutNoLongerThanTheWhole() {
        new TableChecksums(scripted(answersOf(SHOP)), Duration.ofSeconds(90)).collect();

        assertThat(queryTimeouts).hasSize(7).allSatisfy(seconds -> assertThat(seconds).isBetween(1, 90));
    }

    @Test
    void aTableDroppedSinceTheListingIsLeftOut() {
        List<TableChecksum> tables = new TableChecksums(scripted(sql -> {
            if (sql.equals("SELECT COUNT(*) FROM `shop`.`orders`")) {
                throw new RuntimeException(new SQLException("Table 'shop.orders' doesn't exist", "42S02", 1146));
            }
            return answersOf(SHOP).apply(sql);
        }), Duration.ofMinutes(1)).collect();

        assertThat(tables).extracting(TableChecksum::table).containsExactly("we`ird", "items");
    }

    @Test
    void anyOtherErrorFailsNamingTheTable() {
        TableChecksums checksums = new TableChecksums(scripted(sql -> {
            if (sql.startsWith("CHECKSUM TABLE `stock`")) {
                throw new RuntimeException(new SQLException("SELECT command denied to user 'backup'", "42000", 1142));
            }
            return answersOf(SHOP).apply(sql);
        }), Duration.ofMinutes(1));

        assertThatThrownBy(checksums::collect)
                .isInstanceOf(SnapshotException.class)
                .hasMessage("cannot checksum `stock`.`items` (2 of 3 tables done): SELECT command denied to user 'backup'");
    }

    @Test
    void aStatementTimeoutFailsSayingHowFarItGot() {
        TableChecksums checksums = new TableChecksums(scripted(sql -> {
            if (sql.startsWith("CHECKSUM TABLE `shop`.`we")) {
                throw new RuntimeException(new SQLTimeoutException("Query execution was interrupted (max_statement_time exceeded)"));
            }
            return answersOf(SHOP).apply(sql);
        }), Duration.ofSeconds(3));

        assertThatThrownBy(checksums::collect)
                .isInstanceOf(SnapshotException.class)
                .hasMessage("table checksums did not finish within 3000 ms: stopped at `shop`.`we``ird` (1 of 3 tables done)");
    }

    @Test
    void theServerVersionIsAsked() {
        String version = new TableChecksums(scripted(sql -> {
            assertThat(sql).isEqualTo("SELECT VERSION()");
            return List.<Object[]>of(row("10.11.6-MariaDB-0+deb12u1"));
        }), Duration.ofSeconds(5)).serverVersion();

        assertThat(version).isEqualTo("10.11.6-MariaDB-0+deb12u1");
    }

    @Test
    void aConnectionThatCannotBeOpenedFailsWithTheDriversReason() {
        TableChecksums checksums = new TableChecksums(() -> {
            throw new SQLException("Access denied for user 'backup'@'127.0.0.1'", "28000", 1045);
        }, Duration.ofSeconds(5));

        assertThatThrownBy(checksums::collect)
                .isInstanceOf(SnapshotException.class)
                .hasMessage("cannot checksum the list of tables: Access denied for user 'backup'@'127.0.0.1'");
    }

    @Test
    void aTimeoutThatIsNotPositiveIsRefused() {
        assertThatThrownBy(() -> new TableChecksums(() -> null, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
