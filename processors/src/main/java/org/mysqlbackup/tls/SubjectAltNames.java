package org.mysqlbackup.tls;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.util.IPAddress;

/**
 * Turns host names and IP literals into a subjectAltName. Classification is purely textual: a
 * DNS lookup here would make the certificate depend on the resolver of the machine that issued
 * it.
 */
final class SubjectAltNames {
    private static final String OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";
    // No leading zeros: "010.0.0.1" is octal to some parsers and decimal to others.
    private static final Pattern IPV4 = Pattern.compile(OCTET + "(\\." + OCTET + "){3}");
    private static final String LABEL = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    private static final Pattern DNS_NAME = Pattern.compile("(" + LABEL + "\\.)*" + LABEL);
    private static final Pattern ALL_DIGITS = Pattern.compile("[0-9]+");
    private static final int MAX_DNS_NAME = 253;

    private SubjectAltNames() {
    }

    /**
     * @param hosts DNS names and IPv4/IPv6 literals, duplicates dropped, order kept
     * @throws IllegalArgumentException if one is neither
     */
    static GeneralNames of(Collection<String> hosts) {
        Set<String> unique = new LinkedHashSet<>(hosts);
        GeneralName[] names = unique.stream().map(SubjectAltNames::toGeneralName)
                .toArray(GeneralName[]::new);
        return new GeneralNames(names);
    }

    static boolean isValidHost(String host) {
        return host != null && (isIpLiteral(host) || isDnsName(host));
    }

    private static GeneralName toGeneralName(String host) {
        if (host != null && isIpLiteral(host)) {
            return new GeneralName(GeneralName.iPAddress, host);
        }
        if (host != null && isDnsName(host)) {
            return new GeneralName(GeneralName.dNSName, host);
        }
        throw new IllegalArgumentException("not a DNS name or IP address literal: '" + host + "'");
    }

    static boolean isIpLiteral(String host) {
        // BouncyCastle's IPv6 check is a pure parser and rejects zone ids ("%eth0"), which have
        // no meaning in a certificate.
        return IPV4.matcher(host).matches()
                || (host.indexOf(':') >= 0 && IPAddress.isValidIPv6(host));
    }

    static boolean isDnsName(String host) {
        if (host.length() > MAX_DNS_NAME || !DNS_NAME.matcher(host).matches()) {
            return false;
        }
        // No top-level domain is numeric, so "256.1.1.1" is a mistyped address, not a name.
        String lastLabel = host.substring(host.lastIndexOf('.') + 1);
        return !ALL_DIGITS.matcher(lastLabel).matches();
    }
}
