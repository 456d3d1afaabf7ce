package org.mysqlbackup.retention;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.camel.spi.PropertiesComponent;
import org.mysqlbackup.config.InvalidSettingException;
import org.mysqlbackup.config.Settings;
import org.mysqlbackup.protocol.ClientId;

/**
 * The retention policy of each client and configuration, from the server's properties: defaults
 * ({@code retention.keep-daily = 7}) and named overrides for one client, or one configuration of a
 * client, which change only the rules they set:
 *
 * <pre>
 * retention.override.web-nightly.client = web-1
 * retention.override.web-nightly.config = nightly
 * retention.override.web-nightly.keep-daily = 30
 * </pre>
 *
 * Overrides are named rather than keyed by client and configuration because a configuration name
 * may hold any character, dots included. A rule set to 0 is off. A client and configuration
 * override wins over a client override, which wins over the defaults, rule by rule.
 */
public final class RetentionPolicies {
    public static final String PREFIX = "retention.";
    public static final String OVERRIDE_PREFIX = "retention.override.";
    private static final Pattern OVERRIDE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** The rules, by their key suffix. */
    enum Rule {
        MAX_AGE_DAYS("max-age-days"), KEEP_LAST("keep-last"), MAX_TOTAL_SIZE("max-total-size"),
        KEEP_DAILY("keep-daily"), KEEP_WEEKLY("keep-weekly"), KEEP_MONTHLY("keep-monthly");

        final String key;

        Rule(String key) {
            this.key = key;
        }

        long read(Settings settings, String fullKey) {
            return this == MAX_TOTAL_SIZE ? settings.bytes(fullKey, 0, 0, Long.MAX_VALUE)
                    : settings.integer(fullKey, 0, 0, this == MAX_AGE_DAYS ? 365_000 : 1_000_000);
        }

        static Optional<Rule> byKey(String key) {
            for (Rule rule : values()) {
                if (rule.key.equals(key)) {
                    return Optional.of(rule);
                }
            }
            return Optional.empty();
        }
    }

    private record Override(String name, String client, String config, Map<Rule, Long> rules) {
    }

    private final Map<Rule, Long> defaults;
    private final List<Override> overrides;

    private RetentionPolicies(Map<Rule, Long> defaults, List<Override> overrides) {
        this.defaults = defaults;
        this.overrides = overrides;
    }

    /** Reads the policies of an app's properties (file, -D overrides and environment). */
    public static RetentionPolicies from(PropertiesComponent properties) {
        return from(new Settings(properties),
                properties.loadProperties(key -> key.startsWith(OVERRIDE_PREFIX)).stringPropertyNames());
    }

    /**
     * @param overrideKeys the property names that start with {@link #OVERRIDE_PREFIX}, which name
     *                     the overrides (their values are read through {@code settings})
     * @throws InvalidSettingException naming the key of the first mistake
     */
    public static RetentionPolicies from(Settings settings, Collection<String> overrideKeys) {
        Map<Rule, Long> defaults = new EnumMap<>(Rule.class);
        for (Rule rule : Rule.values()) {
            defaults.put(rule, rule.read(settings, PREFIX + rule.key));
        }
        Map<String, Map<Rule, Long>> rulesByName = new LinkedHashMap<>();
        for (String key : new TreeSet<>(overrideKeys)) {
            String rest = key.substring(OVERRIDE_PREFIX.length());
            int dot = rest.indexOf('.');
            String name = dot < 0 ? rest : rest.substring(0, dot);
            String field = dot < 0 ? "" : rest.substring(dot + 1);
            if (!OVERRIDE_NAME.matcher(name).matches()) {
                throw new InvalidSettingException(key, "does not name an override: use " + OVERRIDE_PREFIX
                        + "<name>.<rule> with a name of letters, digits, '_' or '-'");
            }
            Map<Rule, Long> rules = rulesByName.computeIfAbsent(name, n -> new EnumMap<>(Rule.class));
            if (field.equals("client") || field.equals("config")) {
                continue;
            }
            Rule rule = Rule.byKey(field).orElseThrow(() -> new InvalidSettingException(key,
                    "is not a retention setting; an override has client, config, " + ruleKeys()));
            if (settings.optional(key).isPresent()) {
                rules.put(rule, rule.read(settings, key));
            }
        }
        List<Override> overrides = new ArrayList<>();
        for (Map.Entry<String, Map<Rule, Long>> entry : rulesByName.entrySet()) {
            String prefix = OVERRIDE_PREFIX + entry.getKey() + ".";
            String client = settings.optional(prefix + "client").orElseThrow(() -> new InvalidSettingException(
                    prefix + "client", "is required: the override '" + entry.getKey() + "' must name a client id"));
            if (!ClientId.isValid(client)) {
                throw new InvalidSettingException(prefix + "client", "'" + client + "' is not a client id ("
                        + ClientId.RULE + ")");
            }
            String config = settings.optional(prefix + "config").orElse(null);
            for (Override other : overrides) {
                if (other.client.equals(client) && Objects.equals(other.config, config)) {
                    throw new InvalidSettingException(prefix + "client", "repeats the override '" + other.name
                            + "' for client " + client + (config == null ? "" : ", configuration " + config));
                }
            }
            overrides.add(new Override(entry.getKey(), client, config, entry.getValue()));
        }
        return new RetentionPolicies(defaults, List.copyOf(overrides));
    }

    /** The policy of one client's configuration. */
    public RetentionPolicy policyFor(String client, String config) {
        Map<Rule, Long> rules = new EnumMap<>(defaults);
        overrides.stream().filter(o -> o.client.equals(client) && o.config == null)
                .forEach(o -> rules.putAll(o.rules));
        overrides.stream().filter(o -> o.client.equals(client) && config.equals(o.config))
                .forEach(o -> rules.putAll(o.rules));
        return new RetentionPolicy(days(rules.get(Rule.MAX_AGE_DAYS)), count(rules.get(Rule.KEEP_LAST)),
                rules.get(Rule.MAX_TOTAL_SIZE) == 0 ? null : rules.get(Rule.MAX_TOTAL_SIZE),
                count(rules.get(Rule.KEEP_DAILY)), count(rules.get(Rule.KEEP_WEEKLY)),
                count(rules.get(Rule.KEEP_MONTHLY)));
    }

    /** The policy in the words of its keys, e.g. {@code max-age-days 30, keep-daily 7}, or {@code keep everything}. */
    public static String describe(RetentionPolicy policy) {
        List<String> parts = new ArrayList<>();
        if (policy.maxAge() != null) {
            parts.add("max-age-days " + policy.maxAge().toDays());
        }
        add(parts, "keep-last", policy.keepLast());
        if (policy.maxBytes() != null) {
            parts.add("max-total-size " + policy.maxBytes() + " bytes");
        }
        add(parts, "keep-daily", policy.keepDaily());
        add(parts, "keep-weekly", policy.keepWeekly());
        add(parts, "keep-monthly", policy.keepMonthly());
        return parts.isEmpty() ? "keep everything" : String.join(", ", parts);
    }

    private static void add(List<String> parts, String key, Integer value) {
        if (value != null) {
            parts.add(key + " " + value);
        }
    }

    private static Duration days(long days) {
        return days == 0 ? null : Duration.ofDays(days);
    }

    private static Integer count(long count) {
        return count == 0 ? null : (int) count;
    }

    private static String ruleKeys() {
        List<String> keys = new ArrayList<>();
        for (Rule rule : Rule.values()) {
            keys.add(rule.key);
        }
        return String.join(", ", keys);
    }
}
