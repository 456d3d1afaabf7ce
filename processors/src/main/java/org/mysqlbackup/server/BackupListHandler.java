package org.mysqlbackup.server;

import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.mysqlbackup.protocol.BackupList;
import org.mysqlbackup.protocol.Frame;
import org.mysqlbackup.protocol.ListQuery;
import org.mysqlbackup.protocol.ListedBackup;
import org.mysqlbackup.protocol.MessageCodec;

/** Answers LIST_QUERY with one page of the requesting client's stored backups (never another client's). */
public class BackupListHandler implements Processor {
    private final MessageCodec codec;
    private final StoredBackups backups;

    public BackupListHandler(MessageCodec codec, StoredBackups backups) {
        this.codec = codec;
        this.backups = backups;
    }

    @Override
    public void process(Exchange exchange) {
        ListQuery query = codec.read(Frame.of(exchange), ListQuery.class);
        // one more than a page tells whether another page follows
        List<ListedBackup> found = backups.page(ClientIdentifier.clientId(exchange), query.configName(),
                Math.max(0, query.afterId()), BackupList.MAX_PAGE + 1);
        boolean more = found.size() > BackupList.MAX_PAGE;
        exchange.getMessage().setBody(codec.frame(new BackupList(more ? found.subList(0, BackupList.MAX_PAGE) : found,
                more)));
    }
}
