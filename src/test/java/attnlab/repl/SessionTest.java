package attnlab.repl;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The session core on in-memory streams: values, feedback, compact errors, and what must not kill the REPL. */
class SessionTest {
    static TestRepl r;

    @BeforeAll
    static void open() {
        r = new TestRepl();
    }

    @AfterAll
    static void close() {
        r.close();
    }

    @Test
    void bareExpressionBecomesDollarVariable() {
        String first = r.run("40 + 2");
        assertTrue(first.matches("\\$\\d+ ==> 42\n"), first);
        String name = first.substring(0, first.indexOf(' '));
        String second = r.run(name + " + 1");
        assertTrue(second.matches("\\$\\d+ ==> 43\n") && !second.startsWith(name + " "), second);
    }

    @Test
    void tensorValueUsesTheToolkitPrinter() {
        assertEquals("I2 ==> Tensor [2, 2]\n[[1. 0.]\n [0. 1.]]\n", r.run("var I2 = eye(2)"));
    }

    @Test
    void doublesPrintTheSameOnEveryJdk() {
        assertEquals("big ==> 2.0E23\n", r.run("double big = 2e23")); // JDK 17's Double.toString: 1.9999999999999998E23
    }

    @Test
    void compileErrorShowsTheSpan() {
        assertEquals("|  Error: cannot find symbol\n|    symbol:   variable nope\n|  1 + nope\n|      ^--^\n",
                r.run("1 + nope"));
    }

    @Test
    void exceptionIsTypeMessageAndFirstToolkitFrame() {
        String out = r.run("attention(randn(1, 2, 4), randn(1, 3, 5), randn(1, 3, 4))");
        assertTrue(out.startsWith("|  IllegalArgumentException: K has d_k=5 but Q has d_k=4\n"
                + "|    at attnlab.attention.Attention."), out);
        assertEquals(2, out.split("\n").length, out);
    }

    @Test
    void multiLineMethodIsOneSnippet() {
        assertEquals("|  created method sq(double)\n", r.run("double sq(double x) {\n  return x * x;\n}"));
        assertEquals("s ==> 6.25\n", r.run("var s = sq(2.5)"));
    }

    @Test
    void systemExitInASnippetIsBlocked() {
        r.run("int survivor = 7");
        assertEquals("|  System.exit(3) was blocked: the REPL keeps running (type /exit to leave)\n",
                r.run("System.exit(3)"));
        assertEquals("|  Runtime.exit(4) was blocked: the REPL keeps running (type /exit to leave)\n",
                r.run("void quit() { Runtime.getRuntime().exit(4); }\nquit()").replaceFirst("^.*\n", ""));
        assertEquals("|  Runtime.halt(1) was blocked: the REPL keeps running (type /exit to leave)\n",
                r.run("Runtime.getRuntime().halt(1)"));
        assertEquals("survivor ==> 7\n", r.run("survivor"));
    }

    @Test
    void unboundedRecursionIsReported() {
        r.run("int deep(int n) { return deep(n + 1) + 1; }");
        String out = r.run("deep(0)");
        assertTrue(out.matches("(?s)\\|  StackOverflowError\n\\|    at deep \\(snippet \\d+, line 1\\)\n.*"), out);
        assertEquals("ok ==> true\n", r.run("var ok = true"));
    }

    @Test
    void ctrlCStopsARunawaySnippetAndKeepsVariables() throws Exception {
        r.run("var kept = eye(2)");
        assertEquals(Feedback.STOPPED + "\n", runAndStop("while (true) {}"));
        assertTrue(r.run("kept").startsWith("kept ==> Tensor [2, 2]"));
    }

    @Test
    void ctrlCStopsALongToolkitLoop() throws Exception {
        // one attention call of seconds even with the SIMD kernel (4·n²·d ≈ 4e11 flops): stopped by Thread.stop on JDK 17, by Interrupts.poll() on 21+
        r.run("var big = randn(1, 40000, 64)");
        assertEquals(Feedback.STOPPED + "\n", runAndStop("var never = attention(big, big, big)"));
        assertTrue(r.run("/vars").contains("Tensor big = Tensor [1, 40000, 64]"));
    }

    @Test
    void aThreadThatDiesOfAnExceptionSaysSoAsJavaDoes() {
        String out = r.run("{ var t = new Thread(() -> { throw new IllegalStateException(\"boom in a thread\"); },"
                + " \"worker\"); t.start(); t.join(); }");
        assertTrue(out.startsWith("Exception in thread \"worker\" java.lang.IllegalStateException: boom in a thread\n"
                + "\tat "), out);
        assertEquals("after ==> 1\n", r.run("var after = 1"));
    }

    @Test
    void aThreadsOwnHandlerStillDecides() {
        assertEquals("handled", r.run("{ var seen = new java.util.concurrent.atomic.AtomicReference<String>();"
                + " var h = new Thread(() -> { throw new IllegalStateException(\"handled\"); });"
                + " h.setUncaughtExceptionHandler((th, e) -> seen.set(e.getMessage())); h.start(); h.join();"
                + " System.out.print(seen.get()); }"));
    }

    @Test
    void aDefaultHandlerTheSnippetsSetDecidesAsInJava() {
        // set in one snippet, used in a later one: JDK 17's engine installs its own default handler before each snippet
        r.run("var seenByDefault = new java.util.concurrent.atomic.AtomicReference<String>()");
        r.run("Thread.setDefaultUncaughtExceptionHandler((th, e) ->"
                + " seenByDefault.set(th.getName() + \": \" + e.getMessage()))");
        String out = r.run("{ var d = new Thread(() -> { throw new IllegalStateException(\"to the default\"); }, \"d\");"
                + " d.start(); d.join(); }");
        r.run("Thread.setDefaultUncaughtExceptionHandler(null)");
        assertEquals("", out);
        assertEquals("d: to the default", r.run("System.out.print(seenByDefault.get())"));
    }

    @Test
    void theSnippetStillRunsInTheJdksThreadGroupAndAnswersItsOwnExceptions() {
        assertEquals("JShell process local execution", r.run("System.out.print(Thread.currentThread().getThreadGroup().getName())"));
        assertTrue(r.run("Integer.parseInt(\"x\")").startsWith("|  NumberFormatException: For input string: \"x\""));
    }

    @Test
    void ctrlCStopsASnippetWaitingForItsThreadAndKeepsVariables() throws Exception {
        r.run("var kept2 = eye(2)");
        assertEquals(Feedback.STOPPED + "\n",
                runAndStop("{ var w = new Thread(() -> { while (true) {} }); w.setDaemon(true); w.start(); w.join(); }"));
        assertTrue(r.run("kept2").startsWith("kept2 ==> Tensor [2, 2]"));
    }

    private static String runAndStop(String input) throws InterruptedException {
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(700);
            } catch (InterruptedException ignored) {
                return;
            }
            r.repl.session.stop();
        });
        stopper.start();
        String out = r.run(input);
        stopper.join();
        return out;
    }

    @Test
    void allocatingPastTheHeapLeavesTheReplUsable(@TempDir Path dir) throws Exception {
        Path t = dir.resolve("oom.jsht");
        Files.writeString(t, String.join("\n",
                "attn> var keep = eye(2)",
                "keep ==> Tensor [2, 2]", "[[1. 0.]", " [0. 1.]]",
                "attn> { var hog = new java.util.ArrayList<double[]>(); while (true) hog.add(new double[1 << 20]); }"
                        + "  // replay: +ELLIPSIS",
                "|  OutOfMemoryError: Java heap space...",
                "attn> keep.rows()", "$1 ==> 2", ""), StandardCharsets.UTF_8);
        Subprocess.Result res = Subprocess.run(List.of("-Xmx96m"), List.of("--replay", t.toString()), "", 120);
        assertEquals(0, res.status(), res.output());
        assertTrue(res.output().startsWith("ok "), res.output());
    }

    @Test
    void systemExitInAScriptDoesNotEndTheProcessWithItsStatus() throws Exception {
        Subprocess.Result res = Subprocess.run(List.of(), List.of("-e", "System.exit(3)"), "", 60);
        assertEquals(1, res.status(), res.output()); // a blocked exit is an error of the script, not status 3
        assertTrue(res.output().contains("System.exit(3) was blocked"), res.output());
    }

    @Test
    void liveValueOfAVariable() {
        r.run("var live = eye(3)");
        assertEquals(3, ((attnlab.tensor.Tensor) r.repl.session.value("live")).rows());
    }

    @Test
    void exitIsBlockedInLambdasMethodReferencesAndAfterSwitches() {
        String blocked = "|  System.exit(5) was blocked: the REPL keeps running (type /exit to leave)\n";
        assertEquals(blocked, r.run("((Runnable) () -> System.exit(5)).run()"));
        assertEquals(blocked, r.run("((java.util.function.IntConsumer) System::exit).accept(5)"));
        r.run("int sw(int k) {\n switch (k) { case 1: return 10; case 2: return 20; case 7: return 70;"
                + " case 100: return 1; default: break; }\n switch (k) { case 3: return 3; case 9000: return 4; }"
                + "\n System.exit(k); return 0;\n}");
        assertEquals(blocked, r.run("sw(5)"));
        assertTrue(r.run("sw(7)").endsWith(" ==> 70\n"));
    }

    @Test
    void exitThroughReflectionAndMethodHandlesIsBlocked() {
        r.run("int kept9 = 9");
        String mh = "java.lang.invoke.MethodHandles", type = "java.lang.invoke.MethodType.methodType(void.class, int.class)";
        String[][] cases = {
            {"Class.forName(\"java.lang.System\").getMethod(\"exit\", int.class).invoke(null, 3)", "System.exit(3)"},
            {"System.class.getMethod(\"exit\", int.class).invoke(null, (byte) 2)", "System.exit(2)"},
            {"Runtime.class.getMethod(\"halt\", int.class).invoke(Runtime.getRuntime(), 5)", "Runtime.halt(5)"},
            {mh + ".lookup().findStatic(System.class, \"exit\", " + type + ").invoke(4)", "System.exit(4)"},
            {mh + ".publicLookup().findVirtual(Runtime.class, \"halt\", " + type + ").invoke(Runtime.getRuntime(), 6)",
                "Runtime.halt(6)"},
            {mh + ".lookup().unreflect(System.class.getMethod(\"exit\", int.class)).invoke(7)", "System.exit(7)"},
            {mh + ".lookup().bind(Runtime.getRuntime(), \"exit\", " + type + ").invoke(8)", "Runtime.exit(8)"},
            {"((java.util.function.IntConsumer) Runtime.getRuntime()::halt).accept(10)", "Runtime.halt(10)"},
            {"((java.util.function.ObjIntConsumer<Runtime>) Runtime::exit).accept(Runtime.getRuntime(), 11)",
                "Runtime.exit(11)"},
            {"java.util.function.BiFunction<Object, Object[], Object> call = (o, a) -> { try { return System.class"
                + ".getMethod(\"exit\", int.class).invoke(o, a); } catch (ReflectiveOperationException e) { return e; } };\n"
                + "call.apply(null, new Object[] {12})", "System.exit(12)"},
        };
        for (String[] c : cases)
            assertTrue(r.run(c[0]).endsWith("|  " + c[1] + " was blocked: the REPL keeps running (type /exit to leave)\n"),
                    c[0]);
        assertEquals("kept9 ==> 9\n", r.run("kept9"));
    }

    @Test
    void reflectionThatExitsNothingStillWorks() {
        assertTrue(r.run("Math.class.getMethod(\"max\", int.class, int.class).invoke(null, 3, 4)").endsWith(" ==> 4\n"));
        r.run("class Refl { int secret() { return 42; } private int hidden() { return 1; } }");
        assertTrue(r.run("Refl.class.getDeclaredMethod(\"secret\").invoke(new Refl())").endsWith(" ==> 42\n"));
        assertTrue(r.run("Refl.class.getDeclaredMethod(\"hidden\").invoke(new Refl())")
                .startsWith("|  IllegalAccessException: "), "private stays private");
        assertTrue(r.run("System.class.getMethod(\"exit\", int.class).invoke(null, \"x\")")
                .startsWith("|  IllegalArgumentException"), "a wrong argument fails as reflection does, without exiting");
        assertTrue(r.run("java.lang.invoke.MethodHandles.lookup().findStatic(Math.class, \"max\", java.lang.invoke"
                + ".MethodType.methodType(int.class, int.class, int.class)).invoke(1, 2)").endsWith(" ==> 2\n"));
        assertTrue(r.run("java.lang.invoke.MethodHandles.lookup().findStatic(System.class, \"nope\", java.lang.invoke"
                + ".MethodType.methodType(void.class, int.class))").startsWith("|  NoSuchMethodException"));
    }

    @Test
    void exitThroughReflectionInAScriptDoesNotEndTheProcess() throws Exception {
        Subprocess.Result res = Subprocess.run(List.of(), List.of("-e",
                "Class.forName(\"java.lang.System\").getMethod(\"exit\", int.class).invoke(null, 3)"), "", 60);
        assertEquals(1, res.status(), res.output());
        assertTrue(res.output().contains("System.exit(3) was blocked"), res.output());
    }

    @Test
    void aUserTypeShadowsAToolkitImportAndTheSessionGoesOn() {
        try (TestRepl t = new TestRepl()) {
            t.run("var Q = eye(2)");
            assertEquals("|  created class Tensor\n|    Tensor now means your class; import attnlab.tensor.Tensor dropped"
                    + " (/reset brings it back)\n", t.run("class Tensor { int x = 5; }"));
            assertEquals("$1 ==> 2\n", t.run("1 + 1"));
            assertEquals("$2 ==> 5\n", t.run("new Tensor().x"));
            assertEquals("$3 ==> 3\n", t.run("eye(3).rows() + Q.rows() - 2"));
            assertTrue(t.run("attnlab.tensor.Tensor R = eye(2)").startsWith("R ==> Tensor [2, 2]"));
            assertFalse(t.run("/imports").contains("attnlab.tensor.Tensor"));
            t.run("/reset");
            assertTrue(t.run("/imports").contains("|    import attnlab.tensor.Tensor\n"));
            assertTrue(t.run("Tensor I = eye(1)").startsWith("I ==> Tensor [1, 1]"));
        }
    }

    @Test
    void aStringLiteralOver64KbIsAnErrorAndTheSessionGoesOn() {
        try (TestRepl t = new TestRepl()) {
            String out = t.run("var s = \"" + "a".repeat(70_000) + "\"");
            assertEquals("|  Error: constant string too long: this literal has 70000 characters, 70000 bytes in UTF-8\n"
                    + "|    A class file holds at most 65534 characters and 65535 bytes (64 KB) in one string constant.\n"
                    + "|  var s = \"aaaaaaaaaaaaaaaaaaa...\n" + Feedback.BIG_DATA_HINT + "\n", out);
            assertEquals("$1 ==> 2\n", t.run("1 + 1"));
            assertEquals("hi\n", t.run("System.out.println(\"hi\")"));
            assertEquals("|    int $1 = 2\n", t.run("/vars"));
            assertTrue(t.run("var u = \"" + "é".repeat(40_000) + "\"").startsWith("|  Error: constant string too long:"
                    + " this literal has 40000 characters, 80000 bytes in UTF-8\n"));
            assertEquals("$2 ==> 3\n", t.run("1 + 2"));
            assertEquals("n ==> 65534\n", t.run("int n = \"" + "b".repeat(65_534) + "\".length()"));
        }
    }

    @Test
    void literalsUnder64KbJoinedByPlusOver64KbAreAnErrorAndTheSessionGoesOn() {
        try (TestRepl t = new TestRepl()) { // javac folds them into one constant, which poisoned every later snippet
            String half = "a".repeat(40_000);
            assertTrue(t.run("String s = \"" + half + "\" + \"" + half + "\"").startsWith(
                    "|  Error: constant string too long: this literal has 80000 characters, 80000 bytes in UTF-8\n"));
            assertEquals("$1 ==> 2\n", t.run("1 + 1"));
            assertEquals("hi\n", t.run("System.out.println(\"hi\")"));
            assertEquals("n ==> 80000\n", t.run("int n = (\"" + half + "\" + \"\").length() + \"" + half + "\".length()"));
        }
    }

    @Test
    void codeTooLargeIsAnErrorAndTheSessionGoesOn() {
        try (TestRepl t = new TestRepl()) {
            String out = t.run("double[] d = {" + "1.5,".repeat(20_000) + "1.5}");
            assertTrue(out.startsWith("|  Error: code too large\n|  double[] d = {1.5,1.5,"), out);
            assertTrue(out.endsWith("...\n|  ^" + "-".repeat(Feedback.MAX_SHOWN - 5) + "^\n" + Feedback.BIG_DATA_HINT + "\n"), out);
            assertEquals("$1 ==> 2\n", t.run("1 + 1"));
            assertFalse(t.run("/vars").contains("double[] d"));
        }
    }

    @Test
    void anErrorFarRightInALongLineIsShownInAWindow() {
        String[] lines = r.run("int[] far = {" + "1, ".repeat(100) + "nope}").split("\n");
        assertEquals("|  Error: cannot find symbol", lines[0]);
        assertTrue(lines[2].startsWith("|  ...") && lines[2].contains("1, 1, nope}"), lines[2]);
        assertTrue(lines[2].length() <= 3 + Feedback.MAX_SHOWN, lines[2]);
        assertEquals(lines[2].indexOf("nope"), lines[3].indexOf('^'), lines[3]);
        assertEquals("^--^", lines[3].strip().replace("|", "").strip());
    }

    @Test
    void aFileOfDataReadsIntoATensor(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data.txt");
        Files.writeString(data, "1 2 3\n4 5 6\n", StandardCharsets.UTF_8);
        try (TestRepl t = new TestRepl()) {
            assertEquals("X ==> Tensor [2, 3]\n[[1. 2. 3.]\n [4. 5. 6.]]\n",
                    t.run("var X = tensor(Files.readString(Path.of(\"" + data + "\")))"));
        }
    }

    @Test
    void classWithoutExitIsLoadedUnchanged() throws Exception {
        byte[] bytes;
        try (var in = SessionTest.class.getResourceAsStream("SessionTest.class")) {
            bytes = in.readAllBytes();
        }
        org.junit.jupiter.api.Assertions.assertSame(bytes, ExitGuard.rewrite(bytes));
    }

    @Test
    void aJdkFailureInsideEvalIsReportedAndTheSessionContinues() {
        r.run("class A0 {}\nclass B0 extends A0 {}\nclass C0 extends A0 {}");
        String out = r.run("A0 pick(boolean f) { var x = f ? new B0() : new C0(); return x; }");
        // JDK 17 compiles it; JDK 25.0.3 throws out of eval (JDK-8366926)
        assertTrue(out.equals("|  created method pick(boolean)\n") || out.startsWith("|  jdk.jshell failed inside eval: "),
                out);
        assertTrue(r.run("2 + 2").matches("\\$\\d+ ==> 4\n"));
    }

    @Test
    void usingAMethodWithAMissingDependencyNamesIt() {
        assertEquals("|  created method later(), but it cannot be used until variable notYet is declared\n",
                r.run("int later() { return notYet + 1; }"));
        assertEquals("|  later cannot be used until variable notYet is declared\n", r.run("later()"));
        r.run("int notYet = 1");
        assertTrue(r.run("later()").endsWith(" ==> 2\n"));
    }

    /** Issue 21 item 8: a chart that cannot be saved is one line naming the path and the reason. */
    @Test
    void aSaveErrorIsOneLineNamingThePathAndTheReason() {
        try (TestRepl r = new TestRepl()) {
            String out = r.run("heatmap(eye(2)).save(\"/proc/x.png\")");
            assertEquals("|  java.io.UncheckedIOException: cannot save chart to /proc/x.png: the folder /proc does not"
                    + " accept new files\n", out);
        }
    }
}
