package attnlab.repl.maven;

import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.ResolutionErrorPolicy;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.transfer.ArtifactNotFoundException;
import org.eclipse.aether.transfer.ArtifactTransferException;
import org.eclipse.aether.util.filter.DependencyFilterUtils;
import org.eclipse.aether.util.repository.SimpleResolutionErrorPolicy;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Resolves one Maven artifact and its runtime dependencies with Maven Resolver 2 (its Maven 3 set-up: POMs,
 * dependency management, exclusions and "nearest wins" as {@code mvn} resolves them), downloading into a local
 * repository ({@code ~/.m2/repository}) what is not there yet, so a library works offline once it was fetched.
 *
 * <p>This class is the only one that uses the resolver's API. It is loaded by {@code attnlab.repl.ResolverLoader}
 * in a class loader of its own, with the resolver's jars, only when {@code /maven} first runs: it may depend on
 * nothing of attnlab, and speaks JDK types only ({@link Function}, {@link Path}, exceptions of java.lang).
 */
public final class MavenResolver implements Function<String, Map<String, Path>> {
    private final RepositorySystem system = new RepositorySystemSupplier().get();
    private final Path localRepository;
    private final List<RemoteRepository> remotes = new ArrayList<>();

    /**
     * @param localRepository where artifacts are cached ({@code ~/.m2/repository})
     * @param remotes         the remote repositories as {@code "ID URL"}, searched in order
     */
    public MavenResolver(Path localRepository, List<String> remotes) {
        this.localRepository = localRepository;
        for (String r : remotes) {
            String[] idUrl = r.split(" ", 2);
            this.remotes.add(new RemoteRepository.Builder(idUrl[0], "default", idUrl[1]).build());
        }
    }

    /**
     * The jars of {@code coordinates} ({@code group:artifact:version}, or {@code group:artifact:ext:classifier:version})
     * and of its runtime dependencies, in resolution order (the artifact first), by their coordinates.
     *
     * @throws IllegalArgumentException when the coordinates cannot be read
     * @throws IllegalStateException    when resolution fails; the message says which artifact and why (not found,
     *                                  or no network and not in the local repository)
     */
    @Override
    public Map<String, Path> apply(String coordinates) {
        Artifact artifact;
        try {
            artifact = new DefaultArtifact(coordinates);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("coordinates must be group:artifact:version (e.g."
                    + " org.apache.commons:commons-lang3:3.17.0), got " + coordinates);
        }
        RepositorySystemSession.SessionBuilder builder = new SessionBuilderSupplier(system).get()
                .withLocalRepositoryBaseDirectories(localRepository)
                .setSystemProperties(System.getProperties())
                // a failed download is not remembered: once the network is back, the next /maven tries again
                .setResolutionErrorPolicy(new SimpleResolutionErrorPolicy(ResolutionErrorPolicy.CACHE_DISABLED));
        try (RepositorySystemSession.CloseableSession session = builder.build()) {
            CollectRequest collect = new CollectRequest(new Dependency(artifact, "runtime"),
                    system.newResolutionRepositories(session, remotes));
            DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter("runtime"));
            Map<String, Path> jars = new LinkedHashMap<>();
            for (ArtifactResult r : system.resolveDependencies(session, request).getArtifactResults()) {
                Artifact a = r.getArtifact();
                jars.put(a.getGroupId() + ":" + a.getArtifactId() + ":" + a.getVersion(), a.getPath());
            }
            return jars;
        } catch (DependencyResolutionException e) {
            throw new IllegalStateException(explain(coordinates, e));
        }
    }

    /** Why resolution failed, in one sentence a user can act on. */
    private String explain(String coordinates, DependencyResolutionException e) {
        String where = String.join(", ", remotes.stream().map(r -> r.getId() + " (" + r.getUrl() + ")").toList());
        Throwable network = null;
        ArtifactNotFoundException notFound = null;
        ArtifactTransferException transfer = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (Throwable s : t.getSuppressed()) if (network == null) network = networkCause(s);
            if (network == null) network = networkCause(t);
            if (t instanceof ArtifactNotFoundException && notFound == null) notFound = (ArtifactNotFoundException) t;
            if (t instanceof ArtifactTransferException && transfer == null) transfer = (ArtifactTransferException) t;
        }
        if (e.getResult() != null)
            for (ArtifactResult r : e.getResult().getArtifactResults())
                for (Exception x : r.getExceptions()) {
                    if (network == null) network = networkCause(x);
                    if (x instanceof ArtifactNotFoundException && notFound == null) notFound = (ArtifactNotFoundException) x;
                }
        if (network != null)
            return "cannot reach " + where + " (" + network.getClass().getSimpleName() + ": " + network.getMessage()
                    + "), and " + coordinates + " or a dependency of it is not in the local repository "
                    + localRepository + " yet (once downloaded, it works offline)";
        if (notFound != null) {
            Artifact a = notFound.getArtifact();
            String missing = a == null ? coordinates : a.getGroupId() + ":" + a.getArtifactId() + ":" + a.getVersion();
            return missing + (missing.startsWith(coordinates) ? "" : " (needed by " + coordinates + ")")
                    + " was not found in " + where + ": check the group, artifact and version (search.maven.org)";
        }
        Throwable cause = transfer != null ? transfer : e;
        return coordinates + " could not be resolved: " + cause.getMessage();
    }

    private static Throwable networkCause(Throwable t) {
        for (; t != null; t = t.getCause())
            if (t instanceof UnknownHostException || t instanceof ConnectException
                    || t instanceof NoRouteToHostException || t instanceof SocketTimeoutException)
                return t;
        return null;
    }
}
