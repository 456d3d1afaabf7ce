package org.mysqlbackup.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.mysqlbackup.protocol.ClientId;

/**
 * A private certificate authority for the mutual TLS between backup clients and the file
 * receiver server. The server knows a client by the CN of its certificate, its client id.
 *
 * <p>Files it writes; every method creates a new file and throws
 * {@link java.nio.file.FileAlreadyExistsException} rather than replace one, so re-running a
 * command never loses a CA or a key:
 *
 * <ul>
 *   <li>{@link #save}: the CA keystore, PKCS#12, mode 0600, a private key entry {@value #CA_ALIAS}
 *       with the CA key and self-signed certificate. Whoever holds it can enrol clients.
 *   <li>{@link #writeTrustStore}: PKCS#12 truststore, mode 0644, only the CA certificate as the
 *       trusted certificate entry {@value #TRUSTED_CA_ALIAS}; server and clients both use it.
 *   <li>{@link #writeCertificatePem}: the CA certificate in PEM, mode 0644, for openssl & co.
 *   <li>{@link #issueServer}: server keystore, PKCS#12, mode 0600, private key entry
 *       {@value #SERVER_ALIAS} with the chain [server, CA].
 *   <li>{@link #issueClient}: client keystore, PKCS#12, mode 0600, private key entry
 *       {@value #CLIENT_ALIAS} with the chain [client, CA].
 * </ul>
 *
 * <p>Modes apply where the file system is POSIX (and the umask can only narrow them). Each key
 * entry is protected with the keystore password. Keys are EC P-256 and certificates are signed
 * with SHA256withECDSA, using the JDK's providers: BouncyCastle only builds the ASN.1 and is never
 * registered as a provider, so the files load with plain {@code KeyStore.getInstance("PKCS12")}.
 * Passwords are not retained.
 */
public final class CertificateAuthority {
    public static final String CA_ALIAS = "ca";
    public static final String TRUSTED_CA_ALIAS = "mysql-backup-ca";
    public static final String SERVER_ALIAS = "server";
    public static final String CLIENT_ALIAS = "client";

    private static final String KEY_ALGORITHM = "EC";
    private static final String CURVE = "secp256r1";
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";
    /** Lets a certificate work at once on a peer whose clock is a little behind. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final int SERIAL_BITS = 128;
    /** ub-common-name of RFC 5280. */
    private static final int MAX_COMMON_NAME = 64;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final PrivateKey key;
    private final X509Certificate certificate;

    private CertificateAuthority(PrivateKey key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    /**
     * Creates a new CA: a fresh key and a self-signed certificate that may sign end-entity
     * certificates only (path length 0). Nothing is written; call {@link #save}.
     */
    public static CertificateAuthority create(String commonName, Duration validity)
            throws GeneralSecurityException {
        X500Name name = name(commonName);
        Period period = Period.startingNow(validity);
        KeyPair pair = newKeyPair();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, randomSerial(),
                period.notBefore(), period.notAfter(), name, pair.getPublic());
        addExtension(builder, Extension.basicConstraints, true, new BasicConstraints(0));
        addExtension(builder, Extension.keyUsage, true,
                new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        addExtension(builder, Extension.subjectKeyIdentifier, false,
                new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
        return new CertificateAuthority(pair.getPrivate(), sign(builder, pair.getPrivate()));
    }

    /**
     * Loads a CA written by {@link #save}.
     *
     * @throws IOException if the file cannot be read or the password is wrong
     * @throws KeyStoreException if the file does not hold a CA key and matching certificate
     */
    public static CertificateAuthority load(Path caKeystore, char[] password)
            throws IOException, GeneralSecurityException {
        KeyStore.PrivateKeyEntry entry = Pkcs12.readKeyEntry(caKeystore, CA_ALIAS, password);
        X509Certificate certificate = (X509Certificate) entry.getCertificate();
        if (certificate.getBasicConstraints() < 0) {
            throw new KeyStoreException(caKeystore + ": entry '" + CA_ALIAS + "' is not a CA");
        }
        requireMatchingKey(entry.getPrivateKey(), certificate, caKeystore);
        return new CertificateAuthority(entry.getPrivateKey(), certificate);
    }

    /** Writes the CA key and certificate to a new owner-only PKCS#12 file. */
    public void save(Path caKeystore, char[] password)
            throws IOException, GeneralSecurityException {
        Pkcs12.writeKeyEntry(caKeystore, CA_ALIAS, key, new X509Certificate[] {certificate},
                password);
    }

    /** Writes a new PKCS#12 truststore holding only the CA certificate. */
    public void writeTrustStore(Path out, char[] password)
            throws IOException, GeneralSecurityException {
        Pkcs12.writeTrustedCertificate(out, TRUSTED_CA_ALIAS, certificate, password);
    }

    /** Writes the CA certificate, PEM encoded, to a new file. */
    public void writeCertificatePem(Path out) throws IOException, CertificateEncodingException {
        byte[] pem = Pem.certificate(certificate).getBytes(StandardCharsets.US_ASCII);
        NewFiles.writeWorldReadable(out, pem);
    }

    /**
     * Issues the file receiver's key and certificate (extended key usage serverAuth) into a new
     * PKCS#12 keystore.
     *
     * @param commonName the server's main DNS name or IP address; it is also the first
     *     subjectAltName, since TLS clients check only those
     * @param subjectAltNames further DNS names and IP literals the clients may connect to;
     *     classified by syntax alone, never looked up
     * @return the issued certificate, e.g. to show its expiry
     * @throws IllegalArgumentException if a name is neither a DNS name nor an IP literal, or the
     *     certificate would outlive the CA
     */
    public X509Certificate issueServer(String commonName, List<String> subjectAltNames,
            Duration validity, Path keystore, char[] password)
            throws IOException, GeneralSecurityException {
        if (commonName == null || !SubjectAltNames.isValidHost(commonName)) {
            throw new IllegalArgumentException("the server common name must be a DNS name or an"
                    + " IP address: TLS clients match it against the host they connect to");
        }
        List<String> hosts = new ArrayList<>();
        hosts.add(commonName);
        hosts.addAll(subjectAltNames);
        return issueInto(keystore, SERVER_ALIAS, password, commonName,
                KeyPurposeId.id_kp_serverAuth, SubjectAltNames.of(hosts), validity);
    }

    /**
     * Issues a backup client's key and certificate (extended key usage clientAuth, CN = client
     * id) into a new PKCS#12 keystore.
     *
     * @return the issued certificate, e.g. to show its expiry
     * @throws IllegalArgumentException if {@code clientId} breaks {@link ClientId#RULE}, or the
     *     certificate would outlive the CA
     */
    public X509Certificate issueClient(String clientId, Duration validity, Path keystore,
            char[] password) throws IOException, GeneralSecurityException {
        ClientId.require(clientId);
        return issueInto(keystore, CLIENT_ALIAS, password, clientId,
                KeyPurposeId.id_kp_clientAuth, null, validity);
    }

    /**
     * Writes (atomically replacing) the certificate revocation list {@code crl}, PEM, signed by
     * this CA, listing {@code revoked} with their revocation times. It names its next update
     * {@code nextUpdate} from now; the server reads it whatever that date, since {@code certs}
     * rewrites it on every revocation.
     */
    public void writeRevocationList(Path crl, java.util.Map<BigInteger, Instant> revoked, Duration nextUpdate)
            throws IOException, GeneralSecurityException {
        Instant now = Instant.now();
        org.bouncycastle.cert.X509v2CRLBuilder builder = new org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder(
                certificate.getSubjectX500Principal(), Date.from(now));
        builder.setNextUpdate(Date.from(now.plus(nextUpdate)));
        revoked.forEach((serial, when) -> builder.addCRLEntry(serial, Date.from(when),
                org.bouncycastle.asn1.x509.CRLReason.keyCompromise));
        try {
            builder.addExtension(Extension.authorityKeyIdentifier, false, authorityKeyIdentifier());
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).setSecureRandom(RANDOM)
                    .build(key);
            java.security.cert.X509CRL signed = new org.bouncycastle.cert.jcajce.JcaX509CRLConverter()
                    .getCRL(builder.build(signer));
            AtomicFiles.replace(crl, Pem.crl(signed).getBytes(StandardCharsets.US_ASCII));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot create a " + SIGNATURE_ALGORITHM + " signer", e);
        }
    }

    /**
     * Checks the names of a server certificate before anything is written.
     *
     * @throws IllegalArgumentException naming the first name that is neither a DNS name nor an IP
     *     literal
     */
    public static void requireServerNames(String commonName, List<String> subjectAltNames) {
        List<String> all = new ArrayList<>();
        all.add(commonName);
        all.addAll(subjectAltNames);
        for (String host : all) {
            if (host == null || !SubjectAltNames.isValidHost(host)) {
                throw new IllegalArgumentException("'" + host + "' is neither a DNS name (letters, digits, '-'"
                        + " and '.', labels of at most 63 characters) nor an IP address: TLS clients match"
                        + " the server's names against the host they connect to");
            }
        }
    }

    /** The CA certificate, the single trust anchor of both sides. */
    public X509Certificate certificate() {
        return certificate;
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + certificate.getSubjectX500Principal().getName() + "]";
    }

    private X509Certificate issueInto(Path keystore, String alias, char[] password,
            String commonName, KeyPurposeId purpose, GeneralNames altNames, Duration validity)
            throws IOException, GeneralSecurityException {
        Pkcs12.requirePassword(password);
        KeyPair pair = newKeyPair();
        X509Certificate leaf = endEntity(commonName, purpose, altNames, pair.getPublic(), validity);
        Pkcs12.writeKeyEntry(keystore, alias, pair.getPrivate(),
                new X509Certificate[] {leaf, certificate}, password);
        return leaf;
    }

    private X509Certificate endEntity(String commonName, KeyPurposeId purpose,
            GeneralNames altNames, PublicKey subjectKey, Duration validity)
            throws GeneralSecurityException {
        Period period = Period.startingNow(validity);
        requireWithinCaLifetime(period);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate,
                randomSerial(), period.notBefore(), period.notAfter(), name(commonName),
                subjectKey);
        addExtension(builder, Extension.basicConstraints, true, new BasicConstraints(false));
        // digitalSignature alone: with EC keys both TLS 1.3 and TLS 1.2 ECDHE_ECDSA only sign.
        // keyAgreement would only serve static ECDH suites, which nothing here uses.
        addExtension(builder, Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        addExtension(builder, Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
        if (altNames != null) {
            addExtension(builder, Extension.subjectAlternativeName, false, altNames);
        }
        addExtension(builder, Extension.authorityKeyIdentifier, false, authorityKeyIdentifier());
        addExtension(builder, Extension.subjectKeyIdentifier, false,
                new JcaX509ExtensionUtils().createSubjectKeyIdentifier(subjectKey));
        return sign(builder, key);
    }

    private void requireWithinCaLifetime(Period period) {
        // A certificate outliving its CA would fail validation from the CA's expiry on anyway;
        // better to say so now than on the day backups stop.
        if (period.notAfter().after(certificate.getNotAfter())) {
            throw new IllegalArgumentException("the certificate would expire after the CA does ("
                    + certificate.getNotAfter().toInstant() + "): choose a shorter validity or"
                    + " create a new CA");
        }
    }

    /** Copies the CA's own key identifier, so the chain links even if computed differently. */
    private AuthorityKeyIdentifier authorityKeyIdentifier() throws GeneralSecurityException {
        byte[] extension = certificate.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        if (extension == null) {
            PublicKey caKey = certificate.getPublicKey();
            return new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(caKey);
        }
        try {
            byte[] keyId = SubjectKeyIdentifier.getInstance(
                    JcaX509ExtensionUtils.parseExtensionValue(extension)).getKeyIdentifier();
            return new AuthorityKeyIdentifier(keyId);
        } catch (IOException e) {
            throw new CertificateEncodingException("malformed CA subject key identifier", e);
        }
    }

    private static X500Name name(String commonName) {
        if (commonName == null || commonName.isBlank() || commonName.length() > MAX_COMMON_NAME) {
            throw new IllegalArgumentException(
                    "a common name must be 1 to " + MAX_COMMON_NAME + " characters, not blank");
        }
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static KeyPair newKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(KEY_ALGORITHM);
        generator.initialize(new ECGenParameterSpec(CURVE), RANDOM);
        return generator.generateKeyPair();
    }

    private static BigInteger randomSerial() {
        // Unpredictable serials are what stopped chosen-prefix collisions against MD5-signed
        // certificates; RFC 5280 wants them positive, so zero is drawn again.
        BigInteger serial;
        do {
            serial = new BigInteger(SERIAL_BITS, RANDOM);
        } while (serial.signum() == 0);
        return serial;
    }

    private static void addExtension(X509v3CertificateBuilder builder, ASN1ObjectIdentifier oid,
            boolean critical, ASN1Encodable value) throws CertificateEncodingException {
        try {
            builder.addExtension(oid, critical, value);
        } catch (CertIOException e) {
            throw new CertificateEncodingException("cannot encode extension " + oid, e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey)
            throws GeneralSecurityException {
        ContentSigner signer;
        try {
            // No setProvider(): the signature comes from the JDK's own providers.
            signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).setSecureRandom(RANDOM)
                    .build(signingKey);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot create a " + SIGNATURE_ALGORITHM
                    + " signer", e);
        }
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    /** Signs a random challenge: a keystore edited by hand could pair a key with another cert. */
    private static void requireMatchingKey(PrivateKey privateKey, X509Certificate certificate,
            Path source) throws GeneralSecurityException {
        byte[] challenge = new byte[32];
        RANDOM.nextBytes(challenge);
        Signature signature = Signature.getInstance(SIGNATURE_ALGORITHM);
        signature.initSign(privateKey);
        signature.update(challenge);
        byte[] signed = signature.sign();
        signature.initVerify(certificate.getPublicKey());
        signature.update(challenge);
        if (!signature.verify(signed)) {
            throw new KeyStoreException(source + ": the CA key does not match its certificate");
        }
    }

    /** A validity period starting now, back-dated by the allowed clock skew. */
    private record Period(Date notBefore, Date notAfter) {
        static Period startingNow(Duration validity) {
            if (validity == null || validity.isNegative() || validity.isZero()) {
                throw new IllegalArgumentException("the validity must be positive");
            }
            Instant now = Instant.now();
            return new Period(Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(validity)));
        }
    }
}
