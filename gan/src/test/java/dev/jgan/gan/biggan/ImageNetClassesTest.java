package dev.jgan.gan.biggan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgan.gan.biggan.ClassMatch.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageNetClassesTest {
    private final ImageNetClasses classes = ImageNetClasses.imageNet();

    @Test
    void listHasTheThousandClassesInOrder() {
        assertEquals(1000, classes.size());
        assertEquals("tench", classes.name(0));
        assertEquals(List.of("tench", "Tinca tinca"), classes.names(0));
        assertEquals("golden retriever", classes.name(207));
        assertEquals("bubble", classes.name(971));
        assertEquals("espresso", classes.name(967));
        assertEquals("mushroom", classes.name(947));
        assertEquals("toilet tissue", classes.name(999));
        assertEquals("dragonfly", classes.name(319));
        assertTrue(classes.names(319).contains("devil's darning needle"));
    }

    @Test
    void theDemoClassesResolve() {
        assertEquals(971, classes.resolve("soap bubble"));
        assertEquals(971, classes.resolve("Soap Bubbles"));
        assertEquals(971, classes.resolve("bubble"));
        assertEquals(967, classes.resolve("espresso"));
        assertEquals(967, classes.resolve("coffee"));
        assertEquals(947, classes.resolve("mushroom"));
    }

    @Test
    void rulesApplyInOrder() {
        assertEquals(new ClassMatch("971", Rule.INDEX, List.of(971)), classes.match("971"));
        assertEquals(new ClassMatch("Espresso", Rule.EXACT, List.of(967)), classes.match("Espresso"));
        assertEquals(new ClassMatch("coffee", Rule.ALIAS, List.of(967)), classes.match("coffee"));
        assertEquals(new ClassMatch("mushrooms", Rule.WORDS, List.of(947)), classes.match("mushrooms"));
        assertEquals(new ClassMatch("espress", Rule.SUBSTRING, List.of(967)), classes.match("espress"));
        assertEquals(Rule.NONE, classes.match("zzyzx").rule());
    }

    @Test
    void lookupIgnoresCaseSpacingAndPunctuation() {
        assertEquals(292, classes.resolve("TIGER"));
        assertEquals(292, classes.resolve("  Panthera   tigris "));
        assertEquals(607, classes.resolve("jack o lantern"));
        assertEquals(31, classes.resolve("tree_frog"));
        assertEquals(134, classes.resolve("crane (bird)"));
        assertEquals(504, classes.resolve("coffee mug"));
        assertEquals(550, classes.resolve("espresso maker"));
        assertEquals(291, classes.resolve("king of beasts"));
    }

    @Test
    void wholeNamesBeatLongerNamesHoldingTheWord() {
        assertEquals(292, classes.resolve("tigers"));
        assertEquals(291, classes.resolve("lion"));
        assertEquals(2, classes.resolve("great white shark"));
    }

    @Test
    void aSynonymOfTwoClassesGoesToTheOneWhosePrimaryNameItIs() {
        assertEquals(86, classes.resolve("partridge"));
        assertEquals(124, classes.resolve("crayfish"));
        assertEquals(Rule.EXACT, classes.match("panther").rule());
        assertEquals(List.of(286, 290), classes.match("panther").classes());
    }

    @Test
    void ambiguousQueriesAreRefusedWithTheCandidates() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> classes.resolve("retriever"));
        assertEquals(List.of(207, 208), classes.match("retriever").classes());
        assertEquals("class 'retriever' is ambiguous, it matches 207 golden retriever, 208 Labrador retriever,"
                + " 205 flat-coated retriever, 206 curly-coated retriever, 209 Chesapeake Bay retriever;"
                + " give a fuller name or the index", e.getMessage());
        assertEquals(List.of(134, 517), classes.match("crane").classes());
        assertTrue(classes.match("snake").classes().size() > 8);
        String many = assertThrows(IllegalArgumentException.class, () -> classes.resolve("snake")).getMessage();
        assertTrue(many.contains(" more; give a fuller name"), many);
    }

    @Test
    void unknownNamesGetTheClosestSuggestions() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> classes.resolve("tigre"));
        assertTrue(e.getMessage().startsWith("unknown class 'tigre'; closest: 292 tiger, "), e.getMessage());
        assertEquals(967, classes.suggestions("expresso", 3).get(0));
        assertEquals(971, classes.suggestions("soap bubbles", 3).get(0));
        assertEquals(947, classes.suggestions("mushrom", 3).get(0));
        assertEquals(5, classes.suggestions("qwxz", 5).size());
    }

    @Test
    void indicesAreCheckedAgainstTheRange() {
        assertEquals(0, classes.resolve("0"));
        assertEquals(999, classes.resolve("999"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> classes.resolve("1000"));
        assertEquals("class index 1000 is out of range 0..999", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> classes.resolve("99999999999"));
        assertThrows(IllegalArgumentException.class, () -> classes.name(-1));
        assertEquals("empty class name", assertThrows(IllegalArgumentException.class, () -> classes.resolve(" ")).getMessage());
    }

    @Test
    void searchListsEveryRuleBestFirst() {
        assertEquals(List.of(967, 504, 505), classes.search("coffee"));
        List<Integer> bubble = classes.search("bubble");
        assertEquals(971, bubble.get(0));
        assertEquals(List.of(), classes.search("zzyzx"));
    }
}
