package dev.hostvirt.facts.windows;

import java.util.Locale;
import java.util.Set;

/**
 * The Windows edition family, from Win32_OperatingSystem.OperatingSystemSKU (GetProductInfo's
 * PRODUCT_* values: microsoft/win32metadata; windows-anchors.md 2) and ProductType (1 workstation,
 * 2 domain controller, 3 server). Caption is display text and only a last resort.
 */
public enum Edition {
    HOME, PRO, ENTERPRISE, EDUCATION, SERVER, UNKNOWN;

    private static final Set<Long> HOME_SKUS = Set.of(98L, 99L, 100L, 101L);
    // 164 (Pro Education) is not confirmed by a primary source; PRO_EDUCATION_N = 165 likewise.
    private static final Set<Long> PRO_SKUS = Set.of(48L, 49L, 161L, 162L, 164L, 165L);
    private static final Set<Long> ENTERPRISE_SKUS = Set.of(4L, 27L, 70L, 71L, 72L, 84L, 125L, 126L, 129L, 130L, 175L, 188L, 191L);
    private static final Set<Long> EDUCATION_SKUS = Set.of(121L, 122L);
    private static final Set<Long> SERVER_SKUS = Set.of(7L, 8L, 10L, 12L, 13L, 14L, 36L, 37L, 38L, 39L, 40L, 41L, 42L,
            79L, 80L, 145L, 146L, 168L, 169L);

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Home cannot install Hyper-V, Windows containers or Windows Sandbox (enable-hyper-v.md). */
    public boolean allowsHyperV() {
        return this == PRO || this == ENTERPRISE || this == EDUCATION || this == SERVER;
    }

    public static Edition of(Long sku, Long productType) {
        if (productType != null && (productType == 2 || productType == 3)) {
            return SERVER;
        }
        if (sku == null) {
            return UNKNOWN;
        }
        if (HOME_SKUS.contains(sku)) {
            return HOME;
        }
        if (PRO_SKUS.contains(sku)) {
            return PRO;
        }
        if (ENTERPRISE_SKUS.contains(sku)) {
            return ENTERPRISE;
        }
        if (EDUCATION_SKUS.contains(sku)) {
            return EDUCATION;
        }
        return SERVER_SKUS.contains(sku) ? SERVER : UNKNOWN;
    }

    /**
     * From a caption such as "Microsoft Windows 11 Home" or "Microsoft Windows Server 2019 Standard":
     * edition words are product names that Spanish, German, French and Portuguese Windows keep.
     */
    public static Edition ofCaption(String caption) {
        if (caption == null) {
            return UNKNOWN;
        }
        String c = " " + caption.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ") + " ";
        if (c.contains(" server ")) {
            return SERVER;
        }
        if (c.contains(" home ")) {
            return HOME;
        }
        if (c.contains(" education ")) {
            return EDUCATION;
        }
        if (c.contains(" enterprise ")) {
            return ENTERPRISE;
        }
        return c.contains(" pro ") || c.contains(" professional ") ? PRO : UNKNOWN;
    }
}
