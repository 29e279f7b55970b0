package attnlab.repl;

import attnlab.Lab;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HelpTest {
    @Test
    void everyHelpEntryNamesAFacadeFunction() {
        Set<String> facade = Arrays.stream(Lab.class.getMethods()).filter(m -> Modifier.isStatic(m.getModifiers()))
                .map(Method::getName).collect(Collectors.toSet());
        for (String f : Help.functions()) assertTrue(facade.contains(f), "help for " + f + " but Lab has no " + f);
    }

    @Test
    void everyFacadeFunctionHasHelp() {
        Set<String> help = Help.functions();
        for (Method m : Lab.class.getMethods())
            if (Modifier.isStatic(m.getModifiers()) && m.getDeclaringClass() == Lab.class)
                assertTrue(help.contains(m.getName()), "Lab." + m.getName() + " has no fn." + m.getName() + " help");
    }

    @Test
    void functionHelpStartsWithItsSignature() {
        for (String f : Help.functions()) assertTrue(Help.function(f).startsWith(f + "("), Help.function(f));
    }

    @Test
    void everyCommandHasASummary() {
        try (TestRepl r = new TestRepl()) {
            for (String c : r.repl.commands.names()) assertFalse(Help.summary(c).isEmpty(), c);
        }
    }

    @Test
    void lookupByNameOrUniquePrefix() {
        assertTrue(Help.lookup("causalMask", List::of).startsWith("causalMask(int n)"));
        assertEquals(Help.function("strictCausalMask"), Help.lookup("strictC", List::of));
        assertEquals("help exists for: attention, attentionBackward, attentionOnly, attentionView, attentionWithWeights",
                Help.lookup("atte", List::of));
        assertEquals("abs(double)", Help.lookup("abs", () -> List.of("abs(double)")));
        assertEquals("no help for 'zz' (/help lists what has help)", Help.lookup("zz", List::of));
    }
}
