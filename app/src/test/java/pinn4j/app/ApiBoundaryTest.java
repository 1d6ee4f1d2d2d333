package pinn4j.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The public API's boundary. DJL's native jar declares an invalid automatic module name
 * ({@code ai.djl.pytorch_native_cpu_linux-x86_64}), so pinn4j cannot be a set of named JPMS modules whose users put
 * DJL on the module path; the boundary is a convention instead, checked here: packages named {@code internal} are
 * implementation, no other module imports them, and no public signature outside them mentions an internal type.
 */
class ApiBoundaryTest {

    private static final Path ROOT = Path.of("..");
    private static final List<String> MODULES = List.of("problems", "solver", "plots", "app");

    @Test
    void noModuleImportsAnotherModulesInternalPackages() throws IOException {
        List<String> offences = new ArrayList<>();
        for (String module : MODULES) {
            for (Path file : sources(module)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.startsWith("import pinn4j.") && line.contains(".internal.")
                            && !line.contains("pinn4j." + module + ".internal.")) {
                        offences.add(ROOT.relativize(file) + ": " + line);
                    }
                }
            }
        }
        assertEquals(List.of(), offences);
    }

    @Test
    void noPublicSignatureOutsideInternalPackagesMentionsAnInternalType() throws Exception {
        List<String> offences = new ArrayList<>();
        int checked = 0;
        for (String module : MODULES) {
            for (Path file : sources(module)) {
                String name = className(module, file);
                if (name.contains(".internal.") || name.endsWith("package-info")) {
                    continue;
                }
                Class<?> type = Class.forName(name);
                if (!Modifier.isPublic(type.getModifiers())) {
                    continue;
                }
                checked++;
                for (Class<?> nested : type.getDeclaredClasses()) {
                    if (Modifier.isPublic(nested.getModifiers())) {
                        checkType(nested, offences);
                    }
                }
                checkType(type, offences);
            }
        }
        assertTrue(checked > 40, "only " + checked + " public types found: is the source scan right?");
        assertEquals(List.of(), offences);
    }

    private static void checkType(Class<?> type, List<String> offences) {
        for (Type parent : type.getGenericInterfaces()) {
            check(type.getName() + " implements", parent, offences);
        }
        check(type.getName() + " extends", type.getGenericSuperclass(), offences);
        for (Method method : type.getDeclaredMethods()) {
            if (visible(method.getModifiers()) && !method.isSynthetic()) {
                String where = type.getName() + "." + method.getName();
                check(where, method.getGenericReturnType(), offences);
                for (Type parameter : method.getGenericParameterTypes()) {
                    check(where, parameter, offences);
                }
            }
        }
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (visible(constructor.getModifiers())) {
                for (Type parameter : constructor.getGenericParameterTypes()) {
                    check(type.getName() + ".<init>", parameter, offences);
                }
            }
        }
        for (Field field : type.getDeclaredFields()) {
            if (visible(field.getModifiers())) {
                check(type.getName() + "." + field.getName(), field.getGenericType(), offences);
            }
        }
    }

    private static boolean visible(int modifiers) {
        return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
    }

    private static void check(String where, Type type, List<String> offences) {
        if (type instanceof Class<?> c) {
            Class<?> base = c.isArray() ? c.getComponentType() : c;
            if (base.getName().startsWith("pinn4j.") && base.getName().contains(".internal.")) {
                offences.add(where + " exposes " + base.getName());
            }
        } else if (type instanceof ParameterizedType p) {
            check(where, p.getRawType(), offences);
            for (Type argument : p.getActualTypeArguments()) {
                check(where, argument, offences);
            }
        } else if (type instanceof WildcardType w) {
            for (Type bound : w.getUpperBounds()) {
                check(where, bound, offences);
            }
        }
    }

    private static List<Path> sources(String module) throws IOException {
        try (Stream<Path> files = Files.walk(ROOT.resolve(module).resolve("src/main/java"))) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static String className(String module, Path file) {
        String relative = ROOT.resolve(module).resolve("src/main/java").relativize(file).toString();
        return relative.substring(0, relative.length() - ".java".length()).replace('/', '.');
    }
}
