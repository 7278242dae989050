package io.github.nightlymigration.runbook;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Function;

/**
 * Hands a rendering function to the Java kernel that runs the notebook, found by class name so the
 * library depends on no kernel. JJava's and IJava's {@code display(x)} show only what their renderer
 * knows (a DisplayData passed to it is printed as {@code DisplayData@...}), so the function is
 * registered there for each type; the project's kernel takes a plain {@code Function} instead.
 */
final class KernelRenderers {
    private static final String PROJECT_KERNEL = "io.github.nightlymigration.notebook.NotebookDisplay";
    /** JJava (org.dflib.jjava) and IJava (io.github.spencerpark), both on jupyter-jvm-basekernel's renderer API. */
    private static final List<String[]> BASE_KERNELS = List.of(
            new String[] {"org.dflib.jjava.jupyter.kernel.BaseKernel", "notebookKernel", "org.dflib.jjava.jupyter.kernel.display"},
            new String[] {"io.github.spencerpark.ijava.IJava", "getKernelInstance", "io.github.spencerpark.jupyter.kernel.display"});
    private static final String[] MIME_TYPES = {"text/plain", "text/html", "image/png"};
    /** Renderers already given our function: re-running the setup cell must not register twice. */
    private static final Set<Object> REGISTERED = Collections.newSetFromMap(new WeakHashMap<>());

    private KernelRenderers() {}

    static synchronized void register(Function<Object, Map<String, String>> render, List<Class<?>> types) {
        ClassLoader loader = KernelRenderers.class.getClassLoader();
        try {
            Class<?> display = Class.forName(PROJECT_KERNEL, true, loader);
            display.getMethod("useRenderer", String.class, Function.class).invoke(null, "runbook", render);
        } catch (ClassNotFoundException notThisKernel) {
            // next
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot register with the project's kernel: " + e, e);
        }
        for (String[] kernel : BASE_KERNELS) {
            Object renderer = renderer(loader, kernel[0], kernel[1]);
            if (renderer != null && REGISTERED.add(renderer)) {
                registerWith(renderer, loader, kernel[2], render, types);
            }
        }
    }

    /** The running kernel's renderer, or null when that kernel is not the one running. */
    private static Object renderer(ClassLoader loader, String kernelClass, String instanceMethod) {
        try {
            Object kernel = Class.forName(kernelClass, true, loader).getMethod(instanceMethod).invoke(null);
            return kernel == null ? null : kernel.getClass().getMethod("getRenderer").invoke(kernel);
        } catch (ClassNotFoundException | NoSuchMethodException notThisKernel) {
            return null;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot reach the renderer of " + kernelClass + ": " + e, e);
        }
    }

    private static void registerWith(Object renderer, ClassLoader loader, String displayPackage,
                                     Function<Object, Map<String, String>> render, List<Class<?>> types) {
        try {
            Class<?> mimeType = Class.forName(displayPackage + ".mime.MIMEType", true, loader);
            Class<?> function = Class.forName(displayPackage + ".RenderFunction", true, loader);
            Method parse = mimeType.getMethod("parse", String.class);
            Set<Object> mimes = new HashSet<>();
            for (String mime : MIME_TYPES) mimes.add(parse.invoke(null, mime));
            Object renderFunction = Proxy.newProxyInstance(function.getClassLoader(), new Class<?>[] {function},
                    renderFunction(render));
            renderer.getClass().getMethod("register", Set.class, Set.class, Set.class, function)
                    .invoke(renderer, mimes, mimes, new HashSet<>(types), renderFunction);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot register with the kernel's renderer " + renderer.getClass().getName()
                    + ": " + e, e);
        }
    }

    /** RenderFunction.render(value, context): every MIME type of our bundle into the context's DisplayData. */
    private static InvocationHandler renderFunction(Function<Object, Map<String, String>> render) {
        return (proxy, method, args) -> switch (method.getName()) {
            case "render" -> {
                Object out = args[1].getClass().getMethod("getOutputContainer").invoke(args[1]);
                Method putData = out.getClass().getMethod("putData", String.class, Object.class);
                Map<String, String> bundle = render.apply(args[0]);
                if (bundle != null) {
                    for (Map.Entry<String, String> e : bundle.entrySet()) putData.invoke(out, e.getKey(), e.getValue());
                }
                yield null;
            }
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> "runbook renderer";
        };
    }
}
