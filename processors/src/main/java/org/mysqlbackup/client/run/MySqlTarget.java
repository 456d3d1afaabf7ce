package org.mysqlbackup.client.run;

import java.nio.file.Path;
import java.time.Duration;
import org.mysqlbackup.mysql.MySqlAvailability;
import org.mysqlbackup.mysql.MySqlDownProof;
import org.mysqlbackup.mysql.MySqlInstance;
import org.mysqlbackup.mysql.ServiceControl;
import org.mysqlbackup.mysql.ServiceStopSequence;
import org.mysqlbackup.snapshot.SnapshotStrategy;
import org.mysqlbackup.snapshot.TableChecksums;

/**
 * The MySQL instance one backup configuration backs up, with how it is stopped, proven down,
 * started, verified and captured. Built by {@link MySqlTargets} from the configuration's settings;
 * the workflow steps read it from the {@link BackupRun}, so one client process backs up several
 * instances (one configuration each).
 *
 * @param startTimeout longest one run of the start command may take
 * @param instanceName names the instance in stored file names (the server's {database} token)
 * @param collectTables {@code snapshot.table-checksums}: checksum every table, not only ask the version
 */
public record MySqlTarget(MySqlInstance mysql, ServiceControl service, MySqlAvailability availability,
                          MySqlDownProof proof, ServiceStopSequence stopSequence, SnapshotStrategy snapshots,
                          Path workDirectory, TableChecksums tableChecksums, boolean collectTables,
                          Duration startTimeout, String instanceName) {
}
