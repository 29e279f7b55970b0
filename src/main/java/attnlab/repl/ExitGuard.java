package attnlab.repl;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps a snippet from ending the REPL with {@code System.exit}, {@code Runtime.exit} or {@code Runtime.halt}, on
 * every JDK (the SecurityManager is gone on 24+), whether it calls them directly, through a method reference, through
 * reflection ({@code Method.invoke}) or through a method handle ({@code Lookup.findStatic/findVirtual/unreflect/bind}).
 *
 * <p>How: the in-process engine hands us each snippet class's bytes before it loads them ({@link Engine#load}).
 * {@link #rewrite} redirects, inside the snippet's own bytecode only, each call to one of those methods to the
 * static method of this class with the same name and the receiver as first parameter (same stack effect, so
 * {@code invokevirtual} becomes {@code invokestatic} in place; method-reference constants likewise):
 * <ul>
 *   <li>the exits themselves throw {@link Blocked}, whose message names the call that was made;</li>
 *   <li>{@code Method.invoke} blocks an exit method and otherwise invokes as the snippet would have;</li>
 *   <li>the {@code Lookup} methods do the real lookup (same access checks and errors), then hand back a handle to
 *       the blocking method instead of an exit method.</li>
 * </ul>
 * Library code (ours, EJML, the JDK) is untouched, so the REPL's own {@code /exit} still exits. Not covered:
 * exit reached through library code that reflects for the snippet (e.g. {@code java.beans.Statement}).
 */
public final class ExitGuard {
    /** What a blocked exit's message says happens instead; the REPL's words unless a front end sets its own. */
    private static volatile String instead = "the REPL keeps running (type /exit to leave)";

    private ExitGuard() {}

    /**
     * Sets what a blocked exit's message tells the user, for a front end where {@code /exit} does not apply (the
     * Jupyter kernel: the notebook's Kernel menu ends or restarts it).
     */
    public static void instead(String text) {
        instead = text;
    }

    /** Thrown instead of exiting; the REPL prints its message and carries on. */
    public static final class Blocked extends RuntimeException {
        public Blocked(int status) {
            this("System.exit", status);
        }

        /** @param call what the snippet called, e.g. {@code Runtime.halt} */
        public Blocked(String call, int status) {
            super(call + "(" + status + ") was blocked: " + instead);
        }
    }

    // ------------------------------------------------------------------ what redirected calls reach

    /** What a snippet's {@code System.exit(status)} becomes. */
    public static void exit(int status) {
        throw new Blocked("System.exit", status);
    }

    /** What a snippet's {@code Runtime.getRuntime().exit(status)} becomes. */
    public static void runtimeExit(Runtime runtime, int status) {
        throw new Blocked("Runtime.exit", status);
    }

    /** What a snippet's {@code Runtime.getRuntime().halt(status)} becomes. */
    public static void runtimeHalt(Runtime runtime, int status) {
        throw new Blocked("Runtime.halt", status);
    }

    /** A snippet's {@code method.invoke(target, args)}: blocked for an exit method, else the real call. */
    public static Object invoke(Method method, Object target, Object[] args)
            throws IllegalAccessException, InvocationTargetException {
        String call = exitCall(method.getDeclaringClass(), method.getName(), method.getParameterTypes());
        Integer status = call == null || args == null || args.length != 1 ? null : intArgument(args[0]);
        if (status != null) throw new Blocked(call, status);
        try {
            return method.invoke(target, args);
        } catch (IllegalAccessException denied) {
            // Method.invoke checks access against its caller, which is now this class: allow what the snippet
            // itself could reach (its own package REPL, or a private member of its own nest), nothing more.
            Class<?> caller = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).getCallerClass();
            Class<?> owner = method.getDeclaringClass();
            boolean reachable = Modifier.isPrivate(method.getModifiers()) ? caller.isNestmateOf(owner)
                    : caller.getClassLoader() == owner.getClassLoader()
                    && caller.getPackageName().equals(owner.getPackageName());
            if (!reachable) throw denied;
            Method copy;
            try {
                copy = owner.getDeclaredMethod(method.getName(), method.getParameterTypes());
            } catch (NoSuchMethodException e) {
                throw denied;
            }
            copy.setAccessible(true);
            return copy.invoke(target, args);
        }
    }

    /** A snippet's {@code lookup.findStatic(owner, name, type)}. */
    public static MethodHandle findStatic(MethodHandles.Lookup lookup, Class<?> owner, String name, MethodType type)
            throws NoSuchMethodException, IllegalAccessException {
        MethodHandle real = lookup.findStatic(owner, name, type);
        MethodHandle guard = GUARDS.get(exitCall(owner, name, type.parameterArray()));
        return guard != null && owner == System.class ? guard : real;
    }

    /** A snippet's {@code lookup.findVirtual(owner, name, type)}. */
    public static MethodHandle findVirtual(MethodHandles.Lookup lookup, Class<?> owner, String name, MethodType type)
            throws NoSuchMethodException, IllegalAccessException {
        MethodHandle real = lookup.findVirtual(owner, name, type);
        MethodHandle guard = GUARDS.get(exitCall(owner, name, type.parameterArray()));
        return guard != null && owner == Runtime.class ? guard : real;
    }

    /** A snippet's {@code lookup.unreflect(method)}. */
    public static MethodHandle unreflect(MethodHandles.Lookup lookup, Method method) throws IllegalAccessException {
        MethodHandle real = lookup.unreflect(method);
        MethodHandle guard = GUARDS.get(exitCall(method.getDeclaringClass(), method.getName(),
                method.getParameterTypes()));
        return guard != null ? guard : real;
    }

    /** A snippet's {@code lookup.bind(receiver, name, type)}. */
    public static MethodHandle bind(MethodHandles.Lookup lookup, Object receiver, String name, MethodType type)
            throws NoSuchMethodException, IllegalAccessException {
        MethodHandle real = lookup.bind(receiver, name, type);
        MethodHandle guard = receiver instanceof Runtime
                ? GUARDS.get(exitCall(Runtime.class, name, type.parameterArray())) : null;
        return guard != null ? guard.bindTo(receiver) : real;
    }

    /** "System.exit", "Runtime.exit" or "Runtime.halt" when that is the method named, else null. */
    private static String exitCall(Class<?> owner, String name, Class<?>[] parameters) {
        if (parameters.length != 1 || parameters[0] != int.class) return null;
        if (owner == System.class && name.equals("exit")) return "System.exit";
        if (owner == Runtime.class && (name.equals("exit") || name.equals("halt"))) return "Runtime." + name;
        return null;
    }

    /** The int that reflection would pass for {@code arg} (it widens byte, short, char), or null. */
    private static Integer intArgument(Object arg) {
        if (arg instanceof Integer || arg instanceof Short || arg instanceof Byte) return ((Number) arg).intValue();
        if (arg instanceof Character) return (int) (Character) arg;
        return null;
    }

    /** The blocking handles, by the call they stand in for (same method types as the real ones). */
    private static final Map<String, MethodHandle> GUARDS = new HashMap<>();

    static {
        MethodHandles.Lookup self = MethodHandles.lookup();
        try {
            GUARDS.put("System.exit", self.findStatic(ExitGuard.class, "exit",
                    MethodType.methodType(void.class, int.class)));
            GUARDS.put("Runtime.exit", self.findStatic(ExitGuard.class, "runtimeExit",
                    MethodType.methodType(void.class, Runtime.class, int.class)));
            GUARDS.put("Runtime.halt", self.findStatic(ExitGuard.class, "runtimeHalt",
                    MethodType.methodType(void.class, Runtime.class, int.class)));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // ------------------------------------------------------------------ the bytecode rewrite

    private static final String SELF = "attnlab/repl/ExitGuard", LOOKUP = "java/lang/invoke/MethodHandles$Lookup",
            MH = "Ljava/lang/invoke/MethodHandle;", MT = "Ljava/lang/invoke/MethodType;";

    /** Redirected methods ("owner.name descriptor") → the method of this class that replaces them. */
    private static final Map<String, String> REDIRECTS = Map.of(
            "java/lang/System.exit (I)V", "exit",
            "java/lang/Runtime.exit (I)V", "runtimeExit",
            "java/lang/Runtime.halt (I)V", "runtimeHalt",
            "java/lang/reflect/Method.invoke (Ljava/lang/Object;[Ljava/lang/Object;)Ljava/lang/Object;", "invoke",
            LOOKUP + ".findStatic (Ljava/lang/Class;Ljava/lang/String;" + MT + ")" + MH, "findStatic",
            LOOKUP + ".findVirtual (Ljava/lang/Class;Ljava/lang/String;" + MT + ")" + MH, "findVirtual",
            LOOKUP + ".unreflect (Ljava/lang/reflect/Method;)" + MH, "unreflect",
            LOOKUP + ".bind (Ljava/lang/Object;Ljava/lang/String;" + MT + ")" + MH, "bind");

    /** The class file with those calls redirected, or {@code bytes} itself when it makes none. */
    public static byte[] rewrite(byte[] bytes) {
        ClassFileEdit cf = new ClassFileEdit(bytes);
        ClassFileEdit.Pool extra = new ClassFileEdit.Pool(cf.count);
        Map<Integer, Integer> redirect = new HashMap<>(); // Methodref index → our Methodref index
        int self = -1;
        for (int i = 1; i < cf.count; i++) {
            if (cf.tag[i] != ClassFileEdit.METHODREF) continue;
            String ref = cf.methodref(i), guard = REDIRECTS.get(ref);
            if (guard == null) continue;
            if (self < 0) self = extra.classRef(SELF);
            String owner = ref.substring(0, ref.lastIndexOf('.', ref.indexOf(' '))), desc = ref.substring(ref.indexOf(' ') + 1);
            String guardDesc = guard.equals("exit") ? desc : "(L" + owner + ";" + desc.substring(1); // receiver first
            redirect.put(i, extra.methodRef(self, guard, guardDesc));
        }
        if (redirect.isEmpty()) return bytes;

        byte[] out = bytes.clone();
        for (int i = 1; i < cf.count; i++) // method references such as System::exit or Method::invoke
            if (cf.tag[i] == ClassFileEdit.METHOD_HANDLE && redirect.containsKey(cf.u2(cf.off[i] + 2))) {
                out[cf.off[i] + 1] = ClassFileEdit.REF_INVOKE_STATIC;
                ClassFileEdit.put2(out, cf.off[i] + 2, redirect.get(cf.u2(cf.off[i] + 2)));
            }
        for (int code : cf.codeRanges()) {
            int start = code + 8, end = start + cf.u4(code + 4);
            for (int pc = start; pc < end; pc += cf.insnLength(pc, start)) {
                int op = out[pc] & 0xff;
                if (op != ClassFileEdit.INVOKESTATIC && op != ClassFileEdit.INVOKEVIRTUAL) continue;
                Integer to = redirect.get(cf.u2(pc + 1));
                if (to == null) continue;
                out[pc] = (byte) ClassFileEdit.INVOKESTATIC;
                ClassFileEdit.put2(out, pc + 1, to);
            }
        }
        return cf.withConstants(out, extra);
    }
}
