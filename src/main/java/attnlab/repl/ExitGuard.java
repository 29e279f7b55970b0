package attnlab.repl;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Keeps {@code System.exit(n)} in a snippet from ending the REPL, on every JDK (the SecurityManager is gone on 24+).
 *
 * <p>How: the in-process engine hands us each snippet class's bytes before it loads them ({@link Engine#load}).
 * {@link #rewrite} redirects, inside the snippet's own bytecode only,
 * <ul>
 *   <li>{@code invokestatic java/lang/System.exit(I)V} to {@link #exit(int)}, and</li>
 *   <li>{@code invokevirtual java/lang/Runtime.exit(I)V} / {@code halt(I)V} to {@link #runtimeExit(Runtime, int)}
 *       (same stack effect: receiver and int in, nothing out, so the opcode swaps in place),</li>
 * </ul>
 * both of which throw {@link Blocked}. Instruction lengths never change, so stack maps and jump offsets stay valid;
 * only new constant-pool entries are appended. Library code (ours, EJML, the JDK) is untouched, so the REPL's own
 * {@code /exit} still exits. Not covered: reflection and {@code Runtime::exit} method references.
 */
public final class ExitGuard {
    private ExitGuard() {}

    /** What a snippet's {@code System.exit(status)} becomes. */
    public static void exit(int status) {
        throw new Blocked(status);
    }

    /** What a snippet's {@code Runtime.getRuntime().exit(status)} or {@code halt(status)} becomes. */
    public static void runtimeExit(Runtime runtime, int status) {
        throw new Blocked(status);
    }

    /** Thrown instead of exiting; the REPL prints its message and carries on. */
    public static final class Blocked extends RuntimeException {
        public Blocked(int status) {
            super("System.exit(" + status + ") was blocked: the REPL keeps running (type /exit to leave)");
        }
    }

    private static final String SELF = "attnlab/repl/ExitGuard";

    /** The class file with exit calls redirected, or {@code bytes} itself when it has none. */
    public static byte[] rewrite(byte[] bytes) {
        ClassFile cf = new ClassFile(bytes);
        Set<Integer> sysExit = new HashSet<>(), rtExit = new HashSet<>();
        for (int i = 1; i < cf.count; i++) {
            if (cf.tag[i] != 10) continue; // Methodref
            String owner = cf.className(cf.u2(cf.off[i] + 1));
            int nat = cf.u2(cf.off[i] + 3);
            String name = cf.utf8(cf.u2(cf.off[nat] + 1)), desc = cf.utf8(cf.u2(cf.off[nat] + 3));
            if (!desc.equals("(I)V")) continue;
            if (owner.equals("java/lang/System") && name.equals("exit")) sysExit.add(i);
            if (owner.equals("java/lang/Runtime") && (name.equals("exit") || name.equals("halt"))) rtExit.add(i);
        }
        if (sysExit.isEmpty() && rtExit.isEmpty()) return bytes;

        byte[] out = bytes.clone();
        Pool extra = new Pool(cf.count);
        int owner = extra.classRef(SELF);
        int guardExit = extra.methodRef(owner, "exit", "(I)V");
        int guardRtExit = extra.methodRef(owner, "runtimeExit", "(Ljava/lang/Runtime;I)V");
        for (int i = 1; i < cf.count; i++) // method references System::exit
            if (cf.tag[i] == 15 && sysExit.contains(cf.u2(cf.off[i] + 2))) put2(out, cf.off[i] + 2, guardExit);
        for (int code : cf.codeRanges()) {
            int start = code + 8, end = start + cf.u4(code + 4);
            for (int pc = start; pc < end; pc += cf.insnLength(pc, start)) {
                int op = out[pc] & 0xff, idx = cf.u2(pc + 1);
                if (op == 0xb8 && sysExit.contains(idx)) put2(out, pc + 1, guardExit);
                if (op == 0xb6 && rtExit.contains(idx)) {
                    out[pc] = (byte) 0xb8;
                    put2(out, pc + 1, guardRtExit);
                }
            }
        }
        byte[] added = extra.bytes();
        byte[] result = new byte[out.length + added.length];
        System.arraycopy(out, 0, result, 0, cf.poolEnd);
        System.arraycopy(added, 0, result, cf.poolEnd, added.length);
        System.arraycopy(out, cf.poolEnd, result, cf.poolEnd + added.length, out.length - cf.poolEnd);
        put2(result, 8, extra.next);
        return result;
    }

    private static void put2(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    /** Just enough of the class-file format (JVMS §4) to find constants and walk code. */
    private static final class ClassFile {
        final byte[] b;
        final int count, poolEnd;
        final int[] off, tag;

        ClassFile(byte[] b) {
            this.b = b;
            if (u4(0) != 0xCAFEBABE) throw new IllegalArgumentException("not a class file");
            count = u2(8);
            off = new int[count];
            tag = new int[count];
            int p = 10;
            for (int i = 1; i < count; i++) {
                off[i] = p;
                tag[i] = b[p] & 0xff;
                switch (tag[i]) {
                    case 1: p += 3 + u2(p + 1); break;
                    case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18: p += 5; break;
                    case 5: case 6: p += 9; i++; break; // two slots
                    case 7: case 8: case 16: case 19: case 20: p += 3; break;
                    case 15: p += 4; break;
                    default: throw new IllegalArgumentException("unknown constant tag " + tag[i]);
                }
            }
            poolEnd = p;
        }

        int u2(int p) { return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff); }

        int u4(int p) { return (u2(p) << 16) | u2(p + 2); }

        String utf8(int i) { return new String(b, off[i] + 3, u2(off[i] + 1), StandardCharsets.UTF_8); }

        String className(int i) { return utf8(u2(off[i] + 1)); }

        /** Offsets of every Code attribute body (at its max_stack field minus 0: u2 stack, u2 locals, u4 len). */
        List<Integer> codeRanges() {
            List<Integer> codes = new ArrayList<>();
            int p = poolEnd + 6;
            p += 2 + 2 * u2(p);                      // interfaces
            for (int member = 0; member < 2; member++) { // fields, then methods
                int n = u2(p);
                p += 2;
                for (int k = 0; k < n; k++) {
                    int attrs = u2(p + 6);
                    p += 8;
                    for (int a = 0; a < attrs; a++) {
                        int len = u4(p + 2);
                        if (member == 1 && utf8(u2(p)).equals("Code")) codes.add(p + 6);
                        p += 6 + len;
                    }
                }
            }
            return codes;
        }

        /** Length of the instruction at {@code pc}; {@code start} is offset 0 of the method's code. */
        int insnLength(int pc, int start) {
            int op = b[pc] & 0xff;
            if (op == 0xaa || op == 0xab) { // tableswitch, lookupswitch: padded to 4 from the code start
                int p = pc + 1 + (3 - (pc - start) % 4);
                if (op == 0xaa) return p - pc + 12 + 4 * (u4(p + 8) - u4(p + 4) + 1);
                return p - pc + 8 + 8 * u4(p + 4);
            }
            if (op == 0xc4) return (b[pc + 1] & 0xff) == 0x84 ? 6 : 4; // wide
            if (op == 0x10 || op == 0x12 || (op >= 0x15 && op <= 0x19) || (op >= 0x36 && op <= 0x3a)
                    || op == 0xa9 || op == 0xbc) return 2;
            if (op == 0x11 || op == 0x13 || op == 0x14 || op == 0x84 || (op >= 0x99 && op <= 0xa8)
                    || (op >= 0xb2 && op <= 0xb8) || op == 0xbb || op == 0xbd || op == 0xc0 || op == 0xc1
                    || op == 0xc6 || op == 0xc7) return 3;
            if (op == 0xc5) return 4;
            if (op == 0xb9 || op == 0xba || op == 0xc8 || op == 0xc9) return 5;
            return 1;
        }
    }

    /** Constant-pool entries appended after the existing ones. */
    private static final class Pool {
        int next;
        private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        Pool(int next) { this.next = next; }

        int utf8(String s) {
            byte[] u = s.getBytes(StandardCharsets.UTF_8);
            out.write(1);
            out.write(u.length >>> 8);
            out.write(u.length);
            out.write(u, 0, u.length);
            return next++;
        }

        int classRef(String name) { return entry(7, utf8(name), -1); }

        int methodRef(int owner, String name, String desc) {
            int n = utf8(name), d = utf8(desc);
            return entry(10, owner, entry(12, n, d));
        }

        private int entry(int tag, int a, int b) {
            out.write(tag);
            out.write(a >>> 8);
            out.write(a);
            if (b >= 0) {
                out.write(b >>> 8);
                out.write(b);
            }
            return next++;
        }

        byte[] bytes() { return out.toByteArray(); }
    }
}
