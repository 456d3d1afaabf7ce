package org.mysqlbackup.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateRevokedException;
import java.security.cert.CRLReason;
import java.security.cert.X509Certificate;
import java.util.Map;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The server's check of client certificates: the JDK's PKIX validation against the truststore
 * (signed by the CA, in its validity period), then the CA's revocation list as it is on disk now
 * (see {@link RevocationList}), so {@code certs revoke} takes effect at the next handshake without
 * a restart. Every refusal is reported to the {@link HandshakeRefusalListener} with the client id
 * (the certificate's CN) and the peer's address. A revoked certificate is refused with a
 * {@link CertificateRevokedException}, which BoringSSL (the server's TLS stack when it loads)
 * sends as the alert {@code certificate_revoked}, so the client's error names the cause; the
 * JDK's engine sends {@code certificate_unknown}.
 */
public final class RevocationCheckingTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;
    private final RevocationList revocations;
    private final HandshakeRefusalListener listener;

    public RevocationCheckingTrustManager(X509ExtendedTrustManager delegate, RevocationList revocations,
            HandshakeRefusalListener listener) {
        this.delegate = delegate;
        this.revocations = revocations;
        this.listener = listener;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        check(chain, remote(engine), () -> delegate.checkClientTrusted(chain, authType, engine));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        String remote = socket == null || socket.getRemoteSocketAddress() == null ? "unknown"
                : socket.getRemoteSocketAddress().toString();
        check(chain, remote, () -> delegate.checkClientTrusted(chain, authType, socket));
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain, "unknown", () -> delegate.checkClientTrusted(chain, authType));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        delegate.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        delegate.checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }

    private interface Check {
        void run() throws CertificateException;
    }

    private void check(X509Certificate[] chain, String remote, Check pkix) throws CertificateException {
        X509Certificate leaf = chain == null || chain.length == 0 ? null : chain[0];
        String clientId = leaf == null ? null : commonName(leaf);
        try {
            pkix.run();
        } catch (CertificateException e) {
            listener.refused(clientId, remote, "certificate not trusted: " + e.getMessage());
            throw e;
        }
        java.security.cert.X509CRL crl = revocations.current();
        java.security.cert.X509CRLEntry entry = crl == null ? null : crl.getRevokedCertificate(leaf);
        if (entry != null) {
            String reason = "certificate revoked (serial " + leaf.getSerialNumber().toString(16) + ")";
            listener.refused(clientId, remote, reason);
            throw new CertificateRevokedException(entry.getRevocationDate(), CRLReason.KEY_COMPROMISE,
                    leaf.getIssuerX500Principal(), Map.of()) {
                @Override
                public String getMessage() {
                    return "client " + clientId + ": " + reason;
                }
            };
        }
    }

    private static String remote(SSLEngine engine) {
        return engine == null || engine.getPeerHost() == null ? "unknown"
                : engine.getPeerHost() + ":" + engine.getPeerPort();
    }

    /** The CN of the certificate's subject, or null. */
    public static String commonName(X509Certificate certificate) {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
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
