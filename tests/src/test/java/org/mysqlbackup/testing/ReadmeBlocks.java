package org.mysqlbackup.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced {@code sh} blocks of a Markdown file, with the line of their opening fence and
 * whether they are meant to run: a block is, unless the line before its fence (blank lines
 * skipped) is {@code <!-- not-run: REASON -->}.
 */
public final class ReadmeBlocks {
    private static final Pattern NOT_RUN = Pattern.compile("<!--\\s*not-run:(.*?)-->");

    /**
     * @param line       1-based line of the opening fence
     * @param notRun     the reason it is not run; null when it runs
     */
    public record Block(int line, String text, String notRun) {
        public boolean runs() {
            return notRun == null;
        }
    }

    private ReadmeBlocks() {
    }

    public static List<Block> shBlocks(String markdown) {
        String[] lines = markdown.split("\n", -1);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String fence = lines[i].strip();
            if (!fence.startsWith("```")) {
                continue;
            }
            int open = i;
            StringBuilder text = new StringBuilder();
            for (i++; i < lines.length && !lines[i].strip().equals("```"); i++) {
                text.append(lines[i]).append('\n');
            }
            if (fence.equals("```sh")) {
                blocks.add(new Block(open + 1, text.toString(), notRun(lines, open)));
            }
        }
        return blocks;
    }

    private static String notRun(String[] lines, int fence) {
        int j = fence - 1;
        while (j >= 0 && lines[j].isBlank()) {
            j--;
        }
        if (j < 0) {
            return null;
        }
        Matcher m = NOT_RUN.matcher(lines[j].strip());
        return m.matches() ? m.group(1).strip() : null;
    }
}
