package org.mysqlbackup.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever mix of good and bad fields an operator types, the check names exactly the bad fields,
 * one message each, and a schedule comes out only when there are none.
 */
class ScheduleValidationPropertyTest {
    private final ScheduleValidator validator = new ScheduleValidator("nightly"::equals);

    @Property(tries = 500, seed = "424242")
    void everyBadFieldGetsOneMessageAndOnlyBadFieldsDo(@ForAll("types") String type,
                                                      @ForAll boolean goodConfig, @ForAll boolean goodTime,
                                                      @ForAll boolean goodDay, @ForAll boolean goodCron,
                                                      @ForAll boolean goodZone, @ForAll boolean goodMisfire,
                                                      @ForAll("goodTimes") String aGoodTime, @ForAll("badTimes") String aBadTime,
                                                      @ForAll("goodWeekdays") String aGoodWeekday,
                                                      @ForAll("badWeekdays") String aBadWeekday,
                                                      @ForAll("goodMonthDays") String aGoodMonthDay,
                                                      @ForAll("badMonthDays") String aBadMonthDay,
                                                      @ForAll("goodCrons") String aGoodCron, @ForAll("badCrons") String aBadCron,
                                                      @ForAll("goodZones") String aGoodZone, @ForAll("badZones") String aBadZone,
                                                      @ForAll("goodMisfires") String aGoodMisfire,
                                                      @ForAll("badMisfires") String aBadMisfire) {
        Set<String> bad = new HashSet<>();
        String config = goodConfig ? "nightly" : "weekly-unknown";
        mark(bad, goodConfig, ScheduleValidator.CONFIGURATION);
        boolean cron = type.equalsIgnoreCase("cron");
        // a cron schedule takes no time or day, the others no expression: giving one is the bad case
        String time = cron ? (goodTime ? null : aGoodTime) : (goodTime ? aGoodTime : aBadTime);
        mark(bad, goodTime, ScheduleValidator.TIME);
        String day = switch (type.toLowerCase(java.util.Locale.ROOT)) {
            case "weekly" -> goodDay ? aGoodWeekday : aBadWeekday;
            case "monthly" -> goodDay ? aGoodMonthDay : aBadMonthDay;
            default -> goodDay ? null : aGoodMonthDay;
        };
        mark(bad, goodDay, ScheduleValidator.DAY);
        String expression = cron ? (goodCron ? aGoodCron : aBadCron) : (goodCron ? null : aGoodCron);
        mark(bad, goodCron, ScheduleValidator.CRON);
        mark(bad, goodZone, ScheduleValidator.TIME_ZONE);
        mark(bad, goodMisfire, ScheduleValidator.MISFIRE);

        ScheduleCheck check = validator.check(new ScheduleInput(config, type, time, day, expression,
                goodZone ? aGoodZone : aBadZone, goodMisfire ? aGoodMisfire : aBadMisfire, true));

        assertThat(check.problems().keySet()).isEqualTo(bad);
        assertThat(check.problems().values()).allSatisfy(message -> assertThat(message).isNotBlank());
        assertThat(check.valid()).isEqualTo(bad.isEmpty());
        if (check.valid()) {
            assertThat(QuartzCron.of(check.schedule())).isNotBlank();
            assertThat(check.schedule().configName()).isEqualTo("nightly");
        }
    }

    private static void mark(Set<String> bad, boolean good, String field) {
        if (!good) {
            bad.add(field);
        }
    }

    @Provide
    Arbitrary<String> types() {
        return Arbitraries.of("daily", "weekly", "monthly", "cron", "DAILY", "Cron");
    }

    @Provide
    Arbitrary<String> goodTimes() {
        return Arbitraries.integers().between(0, 23).flatMap(h -> Arbitraries.integers().between(0, 59)
                .map(m -> String.format("%02d:%02d", h, m)));
    }

    @Provide
    Arbitrary<String> badTimes() {
        return Arbitraries.oneOf(Arbitraries.of("24:00", "12:60", "noon", "7", "", " ", "12:5", "-1:00", "12:00:00", "1200"),
                Arbitraries.integers().between(24, 99).map(h -> h + ":00"));
    }

    @Provide
    Arbitrary<String> goodWeekdays() {
        return Arbitraries.of("MON", "tue", "Wednesday", "THU", "fri", "SATURDAY", "sun");
    }

    @Provide
    Arbitrary<String> badWeekdays() {
        return Arbitraries.of("Funday", "MO", "8", "", "weekend", "SUNDAYS");
    }

    @Provide
    Arbitrary<String> goodMonthDays() {
        return Arbitraries.integers().between(1, 31).map(String::valueOf);
    }

    @Provide
    Arbitrary<String> badMonthDays() {
        return Arbitraries.oneOf(Arbitraries.of("0", "32", "first", "", "1.5", "L"),
                Arbitraries.integers().between(-100, 0).map(String::valueOf));
    }

    @Provide
    Arbitrary<String> goodCrons() {
        return Arbitraries.of("0 30 2 * * ?", "0 0 3 ? * SUN", "0 0/15 * * * ?", "0 0 1 L * ?", "0 0 12 ? * 6#3",
                "0 0 0 1 1 ? 2099", "0  15   4 * * ?");
    }

    @Provide
    Arbitrary<String> badCrons() {
        return Arbitraries.of("* * * * *", "0 0 25 * * ?", "every night", "", "0 0 2 * * * *", "0 61 2 * * ?",
                "0 0 2 * * MON");
    }

    @Provide
    Arbitrary<String> goodZones() {
        return Arbitraries.of("UTC", "Europe/Oslo", "America/New_York", "Asia/Kolkata", "Australia/Lord_Howe");
    }

    @Provide
    Arbitrary<String> badZones() {
        return Arbitraries.of("Mars/Olympus", "+02:00", "CEST", "", "europe/oslo", "GMT+2");
    }

    @Provide
    Arbitrary<String> goodMisfires() {
        return Arbitraries.of("skip", "run-once", "RUN_ONCE").injectNull(0.3);
    }

    @Provide
    Arbitrary<String> badMisfires() {
        return Arbitraries.of("later", "fire-now", "2");
    }
}
