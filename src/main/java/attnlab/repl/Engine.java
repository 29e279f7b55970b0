package attnlab.repl;

import jdk.jshell.execution.LocalExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * The in-process ("local") execution engine, with two additions over the JDK's:
 * <ul>
 *   <li>every snippet class goes through {@link ExitGuard#rewrite} before it loads, so {@code System.exit} in a
 *       snippet throws instead of ending the REPL;</li>
 *   <li>{@link #value} reads a variable's live object (not its string), so the REPL prints it with the toolkit's
 *       exact formatter and {@code /time} can run a compiled lambda;</li>
 *   <li>a snippet runs on a thread of {@link SnippetThreads}, so a thread it starts that dies of an exception
 *       prints it instead of vanishing.</li>
 * </ul>
 * Everything else, including {@code stop()} (thread-group stop on JDK 17, injected stop checks and interrupts on
 * 21+), is the JDK's {@link LocalExecutionControl}.
 */
final class Engine extends LocalExecutionControl {

    @Override
    public void load(ClassBytecodes[] classes)
            throws ClassInstallException, NotImplementedException, EngineTerminationException {
        ClassBytecodes[] guarded = new ClassBytecodes[classes.length];
        for (int i = 0; i < classes.length; i++)
            guarded[i] = new ClassBytecodes(classes[i].name(), ExitGuard.rewrite(classes[i].bytecodes()));
        super.load(guarded);
    }

    /** Runs the snippet on a thread of {@link SnippetThreads}, so that its own threads' failures are printed. */
    @Override
    protected String invoke(Method doItMethod) throws Exception {
        SnippetThreads.prepare(doItMethod);
        return super.invoke(SnippetThreads.RUN);
    }

    /** The current value of static field {@code name} of the loaded snippet class {@code className}. */
    Object value(String className, String name) throws ReflectiveOperationException {
        Field f = findClass(className).getDeclaredField(name);
        f.setAccessible(true);
        return f.get(null);
    }

    /** Hands JShell one {@link Engine} and remembers it, so the {@link Session} can reach its values. */
    static final class Provider implements ExecutionControlProvider {
        volatile Engine engine;

        @Override
        public String name() {
            return "attnlab";
        }

        @Override
        public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
            engine = new Engine();
            return engine;
        }
    }
}
