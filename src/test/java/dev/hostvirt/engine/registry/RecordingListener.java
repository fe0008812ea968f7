package dev.hostvirt.engine.registry;

import dev.hostvirt.engine.store.Digest;
import dev.hostvirt.i18n.Messages;
import dev.hostvirt.i18n.Text;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Records pull events for assertions. */
class RecordingListener implements PullListener {
    final Set<Digest> skipped = ConcurrentHashMap.newKeySet();
    final Set<Digest> done = ConcurrentHashMap.newKeySet();
    final Set<Digest> failed = ConcurrentHashMap.newKeySet();
    final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void blobSkipped(Descriptor blob) {
        skipped.add(blob.digest());
    }

    @Override
    public void blobDone(Descriptor blob) {
        done.add(blob.digest());
    }

    @Override
    public void blobFailed(Descriptor blob) {
        failed.add(blob.digest());
    }

    @Override
    public void warning(Text message) {
        warnings.add(Messages.forLocale(Messages.ENGLISH).render(message));
    }
}
