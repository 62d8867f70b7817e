package io.routewise.features;

import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One embedder (budget 128, four inference slots) shared by the tests of this package: loading
 * the model takes a second or two. While it loads, a recording {@link ProxySelector} notes every
 * URL opened through the default proxy selection (as DJL's downloads are), so a test can prove
 * nothing was downloaded.
 */
final class SharedEmbedder {

    static final List<URI> CONNECTIONS_DURING_LOAD = new CopyOnWriteArrayList<>();

    private static final SentenceEmbedder EMBEDDER = load();
    private static final Featurizer FEATURIZER = new Featurizer(EMBEDDER);

    private SharedEmbedder() {
    }

    static SentenceEmbedder embedder() {
        return EMBEDDER;
    }

    static Featurizer featurizer() {
        return FEATURIZER;
    }

    private static SentenceEmbedder load() {
        List<SentenceEmbedder> loaded = new ArrayList<>();
        CONNECTIONS_DURING_LOAD.addAll(connectionsDuring(() -> loaded.add(new SentenceEmbedder(128, 4))));
        return loaded.get(0);
    }

    /** The URLs opened through the default ProxySelector while {@code action} ran. */
    static synchronized List<URI> connectionsDuring(Runnable action) {
        List<URI> seen = new CopyOnWriteArrayList<>();
        ProxySelector previous = ProxySelector.getDefault();
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                seen.add(uri);
                return List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            }
        });
        try {
            action.run();
        } finally {
            ProxySelector.setDefault(previous);
        }
        return List.copyOf(seen);
    }
}
