package org.mysqlbackup.server;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.netty.NettyConstants;
import org.mysqlbackup.protocol.ClientId;
import org.mysqlbackup.protocol.ErrorCode;
import org.mysqlbackup.protocol.ProtocolException;

/**
 * Names the client of a request after the common name of its TLS certificate (the consumer
 * requires one, signed by the configured CA) and puts it in the header {@link #CLIENT_ID}. Nothing
 * the client writes in a frame can claim another identity.
 */
public class ClientIdentifier implements Processor {
    public static final String CLIENT_ID = "MysqlBackupClientId";

    @Override
    public void process(Exchange exchange) {
        String subject = exchange.getMessage().getHeader(NettyConstants.NETTY_SSL_CLIENT_CERT_SUBJECT_NAME, String.class);
        String commonName = commonName(subject);
        if (!ClientId.isValid(commonName)) {
            throw new ProtocolException(ErrorCode.NOT_AUTHORIZED, "client certificate subject '" + subject
                    + "' has no usable common name (" + ClientId.RULE + ")");
        }
        exchange.getMessage().setHeader(CLIENT_ID, commonName);
    }

    public static String clientId(Exchange exchange) {
        return exchange.getMessage().getHeader(CLIENT_ID, String.class);
    }

    static String commonName(String subject) {
        if (subject == null) {
            return null;
        }
        try {
            for (Rdn rdn : new LdapName(subject).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return String.valueOf(rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }
}
