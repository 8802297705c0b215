package dev.jgan.gan.biggan;

import java.util.List;
import java.util.Locale;

/** Text rules for comparing class names: normalisation, word equality and edit distance. */
final class ClassNameText {
    private ClassNameText() {}

    /**
     * Lower case; hyphens, underscores and parentheses become spaces; apostrophes and dots
     * vanish; runs of spaces collapse. "Jack-o'-lantern" and "jack o lantern" normalise alike,
     * as do "crane(bird)" and "crane bird".
     */
    static String normalize(String text) {
        String s = text.toLowerCase(Locale.ROOT)
                .replaceAll("[-_()]", " ")
                .replaceAll("['.]", "");
        return s.trim().replaceAll("\\s+", " ");
    }

    /** The words of an already normalised text. */
    static List<String> words(String normalized) {
        return normalized.isEmpty() ? List.of() : List.of(normalized.split(" "));
    }

    /** Equal, or equal up to an English plural ending ("bubbles" ~ "bubble", "boxes" ~ "box"). */
    static boolean sameWord(String a, String b) {
        return a.equals(b) || isPluralOf(a, b) || isPluralOf(b, a);
    }

    private static boolean isPluralOf(String plural, String singular) {
        return plural.equals(singular + "s") || plural.equals(singular + "es");
    }

    /** How many of {@code queryWords} have a {@link #sameWord} partner among {@code nameWords}. */
    static int sharedWords(List<String> queryWords, List<String> nameWords) {
        int shared = 0;
        for (String q : queryWords) {
            for (String w : nameWords) {
                if (sameWord(q, w)) {
                    shared++;
                    break;
                }
            }
        }
        return shared;
    }

    /** Levenshtein distance: the fewest single-character insertions, deletions and substitutions. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
