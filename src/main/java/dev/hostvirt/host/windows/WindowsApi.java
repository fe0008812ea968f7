package dev.hostvirt.host.windows;

import dev.hostvirt.host.Reading;

/** The Win32 calls with no text form: the process token, processor features, service states. */
public interface WindowsApi {
    /** TokenElevation: whether this process runs elevated. */
    Reading<Object> elevated();

    /** TokenElevationType: 1 default, 2 full, 3 limited (an administrator filtered by UAC). */
    Reading<Object> elevationType();

    /** IsProcessorFeaturePresent(feature). */
    Reading<Object> processorFeature(int feature);

    /** The service's SCM state (SERVICE_RUNNING = 4, ...); absent when it is not installed. */
    Reading<Object> serviceState(String name);
}
