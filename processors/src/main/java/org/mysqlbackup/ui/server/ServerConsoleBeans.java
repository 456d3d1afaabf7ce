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
        DataSource db = ConsoleBeans.required(context, "database", DataSource.class);
        Clock clock = Clock.systemUTC();
        ConsoleBeans.bind(context, settings, db, "server", clock);
        ReceiveLogStore receiveLog = ConsoleBeans.required(context, "receiveLogStore", ReceiveLogStore.class);
        IncomingTransfers transfers = ConsoleBeans.required(context, "incomingTransfers", IncomingTransfers.class);
        RetentionEnforcer retention = ConsoleBeans.required(context, "applyRetention", RetentionEnforcer.class);
        StorageLayout storage = ConsoleBeans.required(context, "storageLayout", StorageLayout.class);
        LiveTransfers live = new LiveTransfers(transfers,
                transferId -> receiveLog.byTransferId(transferId).map(row -> row.status()), clock);
        ObjectMapper json = JsonMapper.builder().findAndAddModules().build();
        context.getRegistry().bind("serverConsole", new ServerConsoleApi(new ClientStates(db), new ServerLog(db),
                new StoredBackupCatalog(db), retention.reviewer(), live, new ManifestSummaries(storage.root()), json,
                clock, Duration.ofMillis(settings.integer("ui.live-refresh-ms", 1000, 200, 2000))));
    }
}
