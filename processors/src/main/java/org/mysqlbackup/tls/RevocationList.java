package org.mysqlbackup.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CA's certificate revocation list, as {@code backup-server certs revoke} writes it
 * ({@value #FILE_NAME} beside the truststore), re-read whenever the file changes: each
 * {@link #current()} costs one stat of the file, so it may run on every handshake. A list not
 * signed by one of the trusted CAs is ignored (logged) and the last good one stays in force; a
 * missing file means nothing is revoked.
 */
public final class RevocationList {
    public static final String FILE_NAME = "ca.crl";
    private static final Logger LOG = LoggerFactory.getLogger(RevocationList.class);

    private final Path file;
    private final List<X509Certificate> issuers;
    private Loaded loaded = new Loaded(null, null);

    /** @param issuers the trusted CAs; the list must be signed by one of them */
    public RevocationList(Path file, List<X509Certificate> issuers) {
        this.file = file;
        this.issuers = List.copyOf(issuers);
    }

    /** The list of the CA whose truststore is {@code trustStore}: {@value #FILE_NAME} beside it. */
    public static RevocationList besideTrustStore(Path trustStore, List<X509Certificate> issuers) {
        return new RevocationList(trustStore.toAbsolutePath().resolveSibling(FILE_NAME), issuers);
    }

    public Path file() {
        return file;
    }

    /** Whether {@code certificate} is revoked by the list as it is on disk now. */
    public boolean isRevoked(X509Certificate certificate) {
        X509CRL crl = current();
        return crl != null && crl.getIssuerX500Principal().equals(certificate.getIssuerX500Principal())
                && crl.isRevoked(certificate);
    }

    /** The list in force, re-read first if the file changed; null if there is none. */
    public synchronized X509CRL current() {
        Object stamp = stamp();
        if (!Objects.equals(stamp, loaded.stamp())) {
            loaded = new Loaded(stamp, stamp == null ? null : read(loaded.crl()));
        }
        return loaded.crl();
    }

    private Object stamp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(attributes.lastModifiedTime(), attributes.size(),
                    String.valueOf(attributes.fileKey()));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.error("Cannot read the revocation list {}: {}; the last one read stays in force", file,
                    e.getMessage());
            return loaded.stamp();
        }
    }

    private X509CRL read(X509CRL previous) {
        try (InputStream in = Files.newInputStream(file)) {
            X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(in);
            verify(crl);
            LOG.info("Revocation list {} loaded: {} revoked certificate(s)", file,
                    crl.getRevokedCertificates() == null ? 0 : crl.getRevokedCertificates().size());
            return crl;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOG.error("Revocation list {} is not usable ({}); the last good one stays in force", file,
                    e.getMessage());
            return previous;
        }
    }

    private void verify(X509CRL crl) throws GeneralSecurityException {
        for (X509Certificate issuer : issuers) {
            if (issuer.getSubjectX500Principal().equals(crl.getIssuerX500Principal())) {
                crl.verify(issuer.getPublicKey());
                return;
            }
        }
        throw new GeneralSecurityException("it is not issued by a trusted CA (" + crl.getIssuerX500Principal() + ")");
    }

    private record Loaded(Object stamp, X509CRL crl) {
    }
}
