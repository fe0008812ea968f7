package dev.hostvirt.host.windows;

import com.sun.jna.platform.win32.COM.WbemcliUtil;
import dev.hostvirt.host.Reading;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oshi.util.platform.windows.WmiQueryHandler;

/**
 * Live WMI through oshi's WmiQueryHandler (it initialises COM and security once per thread and
 * applies a timeout). jna-platform's WmiQuery takes an enum of property names: one per class we read.
 * Array properties come back null from this helper, which is why Win32_DeviceGuard is read elsewhere.
 */
final class JnaWmi implements WmiAccess {
    enum OperatingSystem { Caption, BuildNumber, OperatingSystemSKU, ProductType, OSArchitecture }

    enum ComputerSystem { HypervisorPresent, Manufacturer, Model }

    enum Processor { Manufacturer, Architecture, VMMonitorModeExtensions, VirtualizationFirmwareEnabled,
        SecondLevelAddressTranslationExtensions }

    enum OptionalFeature { Name, InstallState }

    @Override
    public Reading<List<Map<String, Object>>> instances(String namespace, String className) {
        return switch (className) {
            case "Win32_OperatingSystem" -> query(namespace, className, OperatingSystem.class);
            case "Win32_ComputerSystem" -> query(namespace, className, ComputerSystem.class);
            case "Win32_Processor" -> query(namespace, className, Processor.class);
            case "Win32_OptionalFeature" -> query(namespace, className, OptionalFeature.class);
            default -> Reading.unknown("no property list for " + className);
        };
    }

    private static <T extends Enum<T>> Reading<List<Map<String, Object>>> query(String namespace, String cls, Class<T> props) {
        WmiQueryHandler handler = WmiQueryHandler.createInstance();
        if (handler == null) {
            return Reading.unknown("WMI is not available");
        }
        WbemcliUtil.WmiResult<T> result = handler.queryWMI(new WbemcliUtil.WmiQuery<>(namespace, cls, props));
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < result.getResultCount(); i++) {
            Map<String, Object> instance = new LinkedHashMap<>();
            for (T p : props.getEnumConstants()) {
                Object v = result.getValue(p, i);
                if (v != null) {
                    instance.put(p.name(), v);
                }
            }
            out.add(instance);
        }
        // oshi answers a failed query with zero results. Every class we read has instances on any
        // Windows (Win32_OptionalFeature lists dozens), so none means the query failed: unknown, and
        // never "every feature absent".
        if (out.isEmpty()) {
            return Reading.unknown("WMI query for " + cls + " returned nothing");
        }
        return Reading.present(out);
    }
}
