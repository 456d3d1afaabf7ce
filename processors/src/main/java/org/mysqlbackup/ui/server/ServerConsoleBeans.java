package org.mysqlbackup.ui.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.retention.RetentionEnforcer;
import org.mysqlbackup.server.IncomingTransfers;
import org.mysqlbackup.server.ReceiveLogStore;
import org.mysqlbackup.server.StorageLayout;
import org.mysqlbackup.server.StoredBackupCatalog;
import org.mysqlbackup.server.history.ClientStates;
import org.mysqlbackup.server.history.ServerLog;
import org.mysqlbackup.ui.ConsoleBeans;

/**
 * The server console's beans, loaded by name only when {@code ui.enabled} is set (after the
 * server's own beans, whose services it reuses from the registry).
 */
public class ServerConsoleBeans implements CamelConfiguration {
    @Override
    public void configure(CamelContext context) {
        Settings settings = new Settings(context.getPropertiesComponent());
        DataSource db = bean(context, "database", DataSource.class);
        Clock clock = Clock.systemUTC();
        ConsoleBeans.bind(context, settings, db, "server", clock);
        ReceiveLogStore receiveLog = bean(context, "receiveLogStore", ReceiveLogStore.class);
        LiveTransfers live = new LiveTransfers(bean(context, "incomingTransfers", IncomingTransfers.class),
                transferId -> receiveLog.byTransferId(transferId).map(row -> row.status()), clock);
        ObjectMapper json = JsonMapper.builder().findAndAddModules().build();
        context.getRegistry().bind("serverConsole", new ServerConsoleApi(new ClientStates(db), new ServerLog(db),
                new StoredBackupCatalog(db), bean(context, "applyRetention", RetentionEnforcer.class).reviewer(), live,
                new ManifestSummaries(bean(context, "storageLayout", StorageLayout.class).root()), json, clock,
                Duration.ofMillis(settings.integer("ui.live-refresh-ms", 1000, 200, 2000))));
    }

    private static <T> T bean(CamelContext context, String name, Class<T> type) {
        T bean = context.getRegistry().lookupByNameAndType(name, type);
        if (bean == null) {
            throw new IllegalStateException("the server console needs the bean '" + name + "', which the server did"
                    + " not bind");
        }
        return bean;
    }
}
