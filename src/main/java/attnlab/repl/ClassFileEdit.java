package attnlab.repl;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Just enough of the class-file format (JVMS §4) to find method references, walk code, and append constants:
 * what {@link ExitGuard} needs to redirect calls in place. Edits never change an instruction's length, so stack
 * maps and jump offsets stay valid.
 */
final class ClassFileEdit {
    static final int METHODREF = 10, METHOD_HANDLE = 15, REF_INVOKE_STATIC = 6;
    static final int INVOKEVIRTUAL = 0xb6, INVOKESTATIC = 0xb8;

    final byte[] b;
    final int count, poolEnd;
    final int[] off, tag;

    ClassFileEdit(byte[] b) {
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

    /** "owner.name desc" of Methodref {@code i}, e.g. {@code java/lang/System.exit (I)V}. */
    String methodref(int i) {
        int nat = u2(off[i] + 3);
        return className(u2(off[i] + 1)) + "." + utf8(u2(off[nat] + 1)) + " " + utf8(u2(off[nat] + 3));
    }

    /** Offsets of every Code attribute body (u2 max_stack, u2 max_locals, u4 code_length, code...). */
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

    static void put2(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 8);
        b[at + 1] = (byte) v;
    }

    /** {@code edited} (same length as the original) with {@code added} constants inserted after the pool. */
    byte[] withConstants(byte[] edited, Pool added) {
        byte[] extra = added.bytes();
        byte[] result = new byte[edited.length + extra.length];
        System.arraycopy(edited, 0, result, 0, poolEnd);
        System.arraycopy(extra, 0, result, poolEnd, extra.length);
        System.arraycopy(edited, poolEnd, result, poolEnd + extra.length, edited.length - poolEnd);
        put2(result, 8, added.next);
        return result;
    }

    /** Constant-pool entries appended after the existing ones. */
    static final class Pool {
        int next;
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

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
            return entry(METHODREF, owner, entry(12, n, d));
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
